package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.Stage;
import io.livedecode.decoder.metrics.StageTimers;

/**
 * Collects the timings of the frame being decoded (frames replayed during recovery are not timed) and,
 * when it is done, records them in {@code livedecode_stage_seconds} and tells the listener. Loop
 * thread only; allocates nothing per frame.
 */
final class LoopStages {

    private final StageTimers timers;
    private final StageListener listener;
    private final FrameTimings frame = new FrameTimings();
    private boolean timing;

    LoopStages(StageTimers timers, StageListener listener) {
        this.timers = timers;
        this.listener = listener;
    }

    /** A new frame, taken up {@code pollWait} ns after its acquisition and validated in {@code validate} ns. */
    void begin(Session session, long frameIndex, long pollWait, long validate) {
        frame.begin(session.id(), frameIndex, pollWait, validate, session.variants().size());
        timing = true;
    }

    /** The frame is replayed, rejected or otherwise not timed. */
    void skip() {
        timing = false;
    }

    void predicted(int slot, String variant, long nanos) {
        if (timing) {
            frame.predicted(slot, variant, nanos);
        }
    }

    void sent(long serialise, long send, long sentEpochNanos) {
        if (timing) {
            frame.sent(serialise, send, sentEpochNanos);
        }
    }

    void ackWaited(long nanos) {
        if (timing) {
            frame.ackWaited(nanos);
        }
    }

    void learned(int slot, long nanos) {
        if (timing) {
            frame.learned(slot, nanos);
        }
    }

    /** Records the frame's stages. */
    void done() {
        if (!timing) {
            return;
        }
        timing = false;
        timers.record(Stage.POLL_WAIT, frame.pollWait());
        timers.record(Stage.VALIDATE, frame.validate());
        timers.record(Stage.SERIALISE, frame.serialise());
        timers.record(Stage.SEND, frame.send());
        if (frame.ackWait() > 0) {
            timers.record(Stage.ACK_WAIT, frame.ackWait());
        }
        for (int i = 0; i < frame.variantCount(); i++) {
            timers.record(Stage.PREDICT, frame.variant(i), frame.predict(i));
            timers.record(Stage.LEARN, frame.variant(i), frame.learn(i));
        }
        try {
            listener.frame(frame);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LoopStages.class).warn("stage listener failed: {}", e.toString());
        }
    }

    /** Loop work between frames. */
    void loopWork(Stage stage, long nanos) {
        timers.record(stage, nanos);
        try {
            listener.loopWork(stage, nanos);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LoopStages.class).warn("stage listener failed: {}", e.toString());
        }
    }
}
