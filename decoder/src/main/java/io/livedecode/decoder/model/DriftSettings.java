package io.livedecode.decoder.model;

/**
 * How a decoder follows a population that changes: an optional forgetting standardiser, a
 * Page-Hinkley detector on its prequential error, an optional second one on its standardised
 * inputs, and what it does when either fires (one response, and both detectors start over).
 *
 * <p>The detector watches {@code ln(error / period + 1e-4)}: on a log scale a change of the error by
 * a factor is the same shift on any population, so one threshold serves decoders that err by half
 * a degree and by ten. The response to an alarm makes the next frames count more: the standardiser
 * keeps the weight of only {@code restartFrames} frames (so it re-estimates means and variances
 * from the frames after the change), the learning rate is multiplied by a boost that decays
 * linearly from {@code boostFactor} to 1 over {@code boostFrames} labelled frames, and the rehearsal
 * buffer is emptied when {@code flushRehearsal} (its frames show the population as it was). All of it
 * is a function of the labelled frames and the error stream, so it replays exactly and lives in
 * snapshots.
 *
 * @param standardizerWindow 0 for a standardiser that weighs every frame alike; else it forgets
 *                           with an exponential window of this many labelled frames
 * @param detectorDelta      Page-Hinkley tolerance: increases of the mean log error smaller than this
 *                           are ignored
 * @param detectorThreshold  Page-Hinkley alarm threshold on the cumulative log-error excess; 0 turns
 *                           the error test off (with {@code inputThreshold} 0 as well, the response too)
 * @param detectorWarmup     labelled frames the detector observes after a start or an alarm before
 *                           it may fire
 * @param detectorMemory     0 for a detector whose reference is the mean log error since its start or
 *                           last alarm; else that mean forgets with an exponential window of this many
 *                           labelled frames, so it follows an error that still falls as the model learns
 * @param boostFactor        learning-rate multiplier right after an alarm, at least 1
 * @param boostFrames        labelled frames over which the boost decays to 1; 0 for none
 * @param restartFrames      frames of weight the standardiser keeps after an alarm; 0 to leave it alone
 * @param flushRehearsal     whether an alarm empties the rehearsal buffer
 * @param inputThreshold     threshold of a second Page-Hinkley test, on the inputs rather than the
 *                           error: it watches {@code ln(q + 0.01)}, where {@code q} is the mean square
 *                           of each labelled frame standardised with the running statistics, over the
 *                           neurons that have a variance yet (about 1 while the population is what the
 *                           statistics describe), with the error detector's tolerance, warm-up and
 *                           memory; 0 turns it off. A change of the neurons' gains shows there at once,
 *                           whether or not the model's error rises enough to notice
 */
public record DriftSettings(
        int standardizerWindow,
        double detectorDelta,
        double detectorThreshold,
        int detectorWarmup,
        int detectorMemory,
        double boostFactor,
        int boostFrames,
        int restartFrames,
        boolean flushRehearsal,
        double inputThreshold) {

    /** No forgetting, no detector: the decoder of a stationary recording. */
    public static DriftSettings off() {
        return new DriftSettings(0, 0, 0, 0, 0, 1, 0, 0, false, 0);
    }

    public DriftSettings {
        check(standardizerWindow >= 0, "standardizerWindow must be 0 (off) or positive, got " + standardizerWindow);
        check(detectorDelta >= 0 && Double.isFinite(detectorDelta), "detectorDelta must be >= 0, got " + detectorDelta);
        check(detectorThreshold >= 0 && Double.isFinite(detectorThreshold),
                "detectorThreshold must be 0 (off) or positive, got " + detectorThreshold);
        check(detectorWarmup >= 0, "detectorWarmup must be >= 0, got " + detectorWarmup);
        check(detectorMemory >= 0, "detectorMemory must be 0 (cumulative) or positive, got " + detectorMemory);
        check(boostFactor >= 1 && boostFactor <= 100, "boostFactor must be in [1, 100], got " + boostFactor);
        check(boostFrames >= 0, "boostFrames must be >= 0, got " + boostFrames);
        check(restartFrames >= 0, "restartFrames must be >= 0, got " + restartFrames);
        check(inputThreshold >= 0 && Double.isFinite(inputThreshold),
                "inputThreshold must be 0 (off) or positive, got " + inputThreshold);
    }

    /** These settings with a standardiser that forgets with a window of {@code frames} labelled frames. */
    public DriftSettings withStandardizerWindow(int frames) {
        return new DriftSettings(frames, detectorDelta, detectorThreshold, detectorWarmup, detectorMemory, boostFactor,
                boostFrames, restartFrames, flushRehearsal, inputThreshold);
    }

    /** Whether a drift detector runs (on the error, the inputs or both), and with it the response. */
    public boolean detects() {
        return detectorThreshold > 0 || inputThreshold > 0;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
