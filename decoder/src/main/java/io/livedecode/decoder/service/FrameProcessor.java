package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.protocol.Angles;
import io.livedecode.decoder.model.StepResult;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one record into a refusal or one decoded record per variant, in two phases so the
 * answers can be published before the models learn: {@link #decode} validates the frame and
 * decodes (and scores) it with every variant of its session; {@link #learn} then applies the
 * labelled frame's updates. Knows nothing of Kafka beyond keys, values and partition numbers.
 * Single-threaded: only the decoding loop calls it.
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
     * is scored now and learned from in {@link #learn} (prequential: test, then train).
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
            slot.decoder().decode(frame.responses(), label, step);
            double error = frame.labelled() ? Angles.circularDistance(step.decodedDegrees(),
                    Angles.wrap(frame.stimulusDegrees(), slot.decoder().config().periodDegrees()),
                    slot.decoder().config().periodDegrees()) : Double.NaN;
            outputs.add(new DecodedRecord(session.id(), frame.frameIndex(), slot.name(), step.decodedDegrees(),
                    frame.stimulusDegrees(), error, version, frame.acquiredNanos(), EpochNanos.now()));
            slot.addProcessingNanos(System.nanoTime() - start);
            if (!replaying && !Double.isNaN(error)) {
                slot.meters().error(error);
            }
        }
        return new Result(null, session, frame, outputs);
    }

    /** Applies the updates {@link #decode} prepared; must follow it for every decoded frame. */
    public void learn(Result result, boolean replaying) {
        if (result.rejected() != null) {
            return;
        }
        for (VariantSlot slot : result.session().variants()) {
            long start = System.nanoTime();
            StepResult step = slot.result();
            slot.decoder().learnDecoded(step);
            long spent = slot.takeProcessingNanos() + System.nanoTime() - start;
            if (!replaying) {
                record(slot, step, spent);
            }
        }
    }

    private void record(VariantSlot slot, StepResult step, long nanos) {
        metrics.processing(slot.name(), nanos);
        switch (step.outcome()) {
            case LEARNED -> {
                slot.meters().updated(step.version());
                slot.meters().medianError(slot.decoder().stats().medianAbsError());
                if (step.driftDetected()) {
                    slot.meters().driftAlarm();
                }
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
