package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.Stage;

/**
 * Hears how long the decoding loop's steps took, on the loop thread; must not block. Benchmarks use it
 * for per-frame breakdowns; operators get the same figures from {@code livedecode_stage_seconds}.
 */
public interface StageListener {
    StageListener NONE = new StageListener() { };

    /** One decoded frame, once its records were sent and its models learned. The object is reused: copy what you keep. */
    default void frame(FrameTimings timings) { }

    /** Loop work between frames: a session's models serialised for a snapshot, an offset commit. */
    default void loopWork(Stage stage, long nanos) { }
}
