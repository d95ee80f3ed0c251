package io.livedecode.decoder.model;

/**
 * Test-then-train error statistics of one decoder: every labelled frame is scored before the model
 * learns from it.
 *
 * @param labelledFrames   labelled frames stepped (learned or refused)
 * @param unlabelledFrames frames decoded without a label
 * @param refusedUpdates   updates refused (frame or rehearsal), each leaving the model unchanged
 * @param updates          updates applied (the model version)
 * @param windowFrames     scored frames in the rolling window (at most the configured size)
 * @param medianAbsError   median circular absolute error over the window, degrees (NaN if empty)
 * @param meanAbsError     mean over the window, degrees (NaN if empty)
 * @param ewmaAbsError     exponentially weighted mean with span = window size, degrees (NaN if none yet)
 * @param driftAlarms      times the drift detector has fired
 */
public record PrequentialStats(
        long labelledFrames,
        long unlabelledFrames,
        long refusedUpdates,
        long updates,
        int windowFrames,
        double medianAbsError,
        double meanAbsError,
        double ewmaAbsError,
        long driftAlarms) {
}
