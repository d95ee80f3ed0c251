package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.decoder.model.StepResult;
import io.livedecode.decoder.provenance.BuildVersion;
import io.livedecode.decoder.provenance.ConfigText;
import io.livedecode.protocol.Angles;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one valid frame with every variant of its session, in two phases so the answers can be
 * published before the models learn: {@link #decode} decodes (and scores) it; {@link #learn} then
 * applies the labelled frame's updates. Knows nothing of Kafka. Single-threaded: only the decoding
 * loop calls it.
 */
public final class FrameProcessor {

    /** What became of one record: a refusal, or one decoded record per variant. */
    public record Result(FrameFormatException rejected, Session session, Frame frame, List<DecodedRecord> outputs) {
        static Result refusal(FrameFormatException e) {
            return new Result(e, null, null, List.of());
        }
    }

    /** Pass-through decoded angle per frame index: an irrational step, so every record has a full-length angle. */
    private static final double PASS_THROUGH_STEP_DEGREES = 137.50776405003785;

    private final DecoderMetrics metrics;
    private final boolean passThrough;
    private final LoopStages stages;

    /**
     * @param passThrough a benchmark reference: every variant's record is published as usual, with a
     *                    made-up angle, but no model predicts or learns
     */
    FrameProcessor(DecoderMetrics metrics, boolean passThrough, LoopStages stages) {
        this.metrics = metrics;
        this.passThrough = passThrough;
        this.stages = stages;
    }

    /**
     * Decodes the frame with every variant of its session; a labelled frame is scored now and
     * learned from in {@link #learn} (prequential: test, then train).
     *
     * @param learning  false while learning is paused: the label is scored but not learned
     * @param stale     the frame arrived older than the configured age; flagged in its records
     * @param replaying true while rebuilding a restored model from already-published frames:
     *                  the models step exactly as they did the first time, but no metric is recorded
     */
    public Result decode(Session session, Frame frame, boolean learning, boolean replaying, boolean stale) {
        return decode(session, frame, learning ? frame.stimulusDegrees() : Double.NaN, !replaying, stale);
    }

    /**
     * Late labels: decodes the frame with every variant and learns nothing now; the join learns it
     * later through {@link #learnLate}, which also scores it. Its records carry the inline stimulus
     * and error when it has one; a LABEL_FOLLOWS frame's carry none (the error is only known later).
     */
    Result decodeOnly(Session session, Frame frame, boolean stale) {
        return decode(session, frame, Double.NaN, false, stale);
    }

    /** The angles each variant decoded, in the session's variant order, for the join to score later. */
    static double[] decodedAngles(Result result) {
        double[] angles = new double[result.outputs().size()];
        for (int i = 0; i < angles.length; i++) {
            angles[i] = result.outputs().get(i).decodedDegrees();
        }
        return angles;
    }

    /**
     * Late labels: learns a queued frame at its learning point, scoring the angles decoded at frame
     * time against its label (error histogram and median, as for inline labels).
     *
     * @param learning false while learning is paused: the label is scored but not learned
     */
    void learnLate(Session session, LabelQueue.Entry entry, boolean learning, boolean replaying) {
        List<VariantSlot> slots = session.variants();
        for (int i = 0; i < slots.size(); i++) {
            VariantSlot slot = slots.get(i);
            double decoded = entry.decoded[i];
            StepResult step = null;
            double error;
            if (learning && !passThrough) {
                step = slot.result();
                slot.decoder().learn(entry.responses, entry.label, decoded, step);
                error = step.errorDegrees();
            } else {
                double period = slot.decoder().config().periodDegrees();
                error = Double.isNaN(decoded) ? Double.NaN
                        : Angles.circularDistance(decoded, Angles.wrap(entry.label, period), period);
            }
            if (replaying) {
                continue;
            }
            if (!Double.isNaN(error)) {
                slot.meters().error(error);
            }
            if (step != null) {
                // The frame's processing time was recorded when it was decoded.
                outcome(slot, step);
            }
        }
    }

    private Result decode(Session session, Frame frame, double label, boolean scoreNow, boolean stale) {
        List<DecodedRecord> outputs = new ArrayList<>(session.variants().size());
        List<VariantSlot> slots = session.variants();
        for (int i = 0; i < slots.size(); i++) {
            VariantSlot slot = slots.get(i);
            long start = System.nanoTime();
            long version = slot.decoder().version();
            double period = slot.decoder().config().periodDegrees();
            double decoded;
            if (passThrough) {
                decoded = (frame.frameIndex() * PASS_THROUGH_STEP_DEGREES) % period;
            } else {
                StepResult step = slot.result();
                slot.decoder().decode(frame.responses(), label, step);
                decoded = step.decodedDegrees();
            }
            double error = frame.labelled() ? Angles.circularDistance(decoded,
                    Angles.wrap(frame.stimulusDegrees(), period), period) : Double.NaN;
            outputs.add(new DecodedRecord(session.id(), frame.frameIndex(), slot.name(), decoded,
                    frame.stimulusDegrees(), error, version, frame.acquiredNanos(), EpochNanos.now(),
                    BuildVersion.current(), ConfigText.hash(slot.decoder().config()), stale));
            long spent = System.nanoTime() - start;
            slot.addProcessingNanos(spent);
            stages.predicted(i, slot.name(), spent);
            if (scoreNow && !Double.isNaN(error)) {
                slot.meters().error(error);
            }
        }
        return new Result(null, session, frame, outputs);
    }

    /** Whether {@link #learn} will update a model for this frame (never in pass-through). */
    public boolean learns(Result result) {
        if (passThrough || result.rejected() != null) {
            return false;
        }
        for (VariantSlot slot : result.session().variants()) {
            if (slot.decoder().learnPending()) {
                return true;
            }
        }
        return false;
    }

    /** Applies the updates {@link #decode} prepared; must follow it for every decoded frame. */
    public void learn(Result result, boolean replaying) {
        if (result.rejected() != null) {
            return;
        }
        List<VariantSlot> slots = result.session().variants();
        for (int i = 0; i < slots.size(); i++) {
            VariantSlot slot = slots.get(i);
            long start = System.nanoTime();
            StepResult step = slot.result();
            if (!passThrough) {
                slot.decoder().learnDecoded(step);
            }
            long learning = System.nanoTime() - start;
            long spent = slot.takeProcessingNanos() + learning;
            stages.learned(i, learning);
            if (replaying) {
                continue;
            }
            if (passThrough) {
                metrics.processing(slot.name(), spent);
            } else {
                record(slot, step, spent);
            }
        }
    }

    private void record(VariantSlot slot, StepResult step, long nanos) {
        metrics.processing(slot.name(), nanos);
        outcome(slot, step);
    }

    private void outcome(VariantSlot slot, StepResult step) {
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
}
