package io.livedecode.simulator.synthetic;

/**
 * When each synthetic trial is acquired: one stimulus every {@code trialIntervalSeconds}, its onset
 * delayed by up to {@code onsetJitterSeconds}, and its response read from the first imaging frame at
 * or after the onset, as a rig imaging at {@code frameRateHz} would deliver it.
 *
 * @param trialIntervalSeconds nominal time between consecutive stimulus onsets
 * @param onsetJitterSeconds   uniform extra delay of each onset, in {@code [0, onsetJitterSeconds)}
 * @param frameRateHz          imaging frame rate; acquisition times fall on its frame grid
 */
public record SessionTiming(double trialIntervalSeconds, double onsetJitterSeconds, double frameRateHz) {

    /** The Stringer et al. 2019 session: a stimulus every ~1.8 s, imaged at ~3 Hz. */
    public static SessionTiming defaults() {
        return new SessionTiming(1.8, 0.1, 3.0);
    }

    public SessionTiming {
        Checks.positiveFinite("trialIntervalSeconds", trialIntervalSeconds);
        Checks.nonNegativeFinite("onsetJitterSeconds", onsetJitterSeconds);
        Checks.positiveFinite("frameRateHz", frameRateHz);
        // Two onsets at least one frame apart land on two distinct frames, so times strictly increase.
        double closest = trialIntervalSeconds - onsetJitterSeconds;
        if (closest < 1.0 / frameRateHz) {
            throw new IllegalArgumentException(String.format(
                    "trialIntervalSeconds %s minus onsetJitterSeconds %s is %s s, shorter than one frame"
                            + " (1/frameRateHz = %s s): two trials could share a frame",
                    trialIntervalSeconds, onsetJitterSeconds, closest, 1.0 / frameRateHz));
        }
    }

    /** Acquisition time of the trial whose stimulus starts {@code onsetSeconds} into the session. */
    double frameAtOrAfter(double onsetSeconds) {
        return Math.ceil(onsetSeconds * frameRateHz) / frameRateHz;
    }
}
