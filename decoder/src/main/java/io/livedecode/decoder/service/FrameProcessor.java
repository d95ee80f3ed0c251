package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.decoder.model.Angles;
import io.livedecode.decoder.model.StepResult;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one record into a refusal or one decoded record per variant, stepping each variant's
 * model (predict, score, then learn when labelled). Knows nothing of Kafka beyond keys, values
 * and partition numbers. Single-threaded: only the decoding loop calls it.
 */
public final class FrameProcessor {

    /** What became of one record: a refusal, or one decoded record per variant. */
    public record Result(FrameFormatException rejected, Session session, Frame frame, List<DecodedRecord> outputs) {
        static Result refusal(FrameFormatException e) {
            return new Result(e, null, null, List.of());
        }
    }

    private final FrameValidator validator;
    private final SessionRegistry sessions;
    private final DecoderMetrics metrics;
    private boolean learning = true;

    public FrameProcessor(FrameValidator validator, SessionRegistry sessions, DecoderMetrics metrics) {
        this.validator = validator;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    /**
     * Validates the frame, then decodes it with every variant of its session; a labelled frame
     * is scored before the model learns from it (prequential).
     *
     * @param replaying true while rebuilding a restored model from already-published frames:
     *                  the models step exactly as they did the first time, but no metric is
     *                  recorded
     */
    public Result decode(String key, byte[] value, int partition, boolean replaying) {
        Frame frame;
        Session session;
        try {
            String id = FrameValidator.sessionOf(key);
            frame = validator.validate(value);
            session = sessions.forFrame(id, partition, frame.neurons());
        } catch (FrameFormatException e) {
            return Result.refusal(e);
        }
        double label = learning ? frame.stimulusDegrees() : Double.NaN;
        List<DecodedRecord> outputs = new ArrayList<>(session.variants().size());
        for (VariantSlot slot : session.variants()) {
            long start = System.nanoTime();
            long version = slot.decoder().version();
            StepResult step = slot.result();
            slot.decoder().step(frame.responses(), label, step);
            double error = frame.labelled() ? Angles.circularDistance(step.decodedDegrees(),
                    Angles.wrap(frame.stimulusDegrees(), slot.decoder().config().periodDegrees()),
                    slot.decoder().config().periodDegrees()) : Double.NaN;
            outputs.add(new DecodedRecord(session.id(), frame.frameIndex(), slot.name(), step.decodedDegrees(),
                    frame.stimulusDegrees(), error, version, frame.acquiredNanos(), EpochClock.nowNanos()));
            if (!replaying) {
                record(slot, step, error, System.nanoTime() - start);
            }
        }
        return new Result(null, session, frame, outputs);
    }

    private void record(VariantSlot slot, StepResult step, double error, long nanos) {
        metrics.processing(slot.name(), nanos);
        if (!Double.isNaN(error)) {
            slot.meters().error(error);
        }
        switch (step.outcome()) {
            case LEARNED -> {
                slot.meters().updated(step.version());
                slot.meters().medianError(slot.decoder().stats().medianAbsError());
            }
            case REFUSED -> slot.meters().refused();
            case DECODED_ONLY -> { }
        }
    }

    /** Snapshots of every session owned by {@code partition}, keyed by session id. */
    public Map<String, byte[]> snapshots(int partition) {
        return sessions.snapshots(partition);
    }

    public void restore(String session, int partition, byte[] payload) {
        sessions.restore(session, partition, payload);
    }

    public void dropPartitions(Set<Integer> partitions) {
        sessions.drop(partitions);
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** Forgets a session's models; its next frame starts it afresh. */
    public void resetSession(String session) {
        sessions.reset(session);
    }

    public void learningEnabled(boolean enabled) {
        this.learning = enabled;
    }

}
