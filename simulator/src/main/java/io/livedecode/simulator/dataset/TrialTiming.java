package io.livedecode.simulator.dataset;

import java.util.Locale;

/**
 * Acquisition times of the trials of a session, in seconds from its first trial, and a note
 * saying where they came from.
 *
 * @param seconds     one time per trial, non-decreasing, starting at 0
 * @param description the source, for logs
 */
record TrialTiming(double[] seconds, String description) {

    /** Trial {@code i} at {@code i * intervalSeconds}. */
    static TrialTiming fixed(int trials, double intervalSeconds, String why) {
        requireInterval(intervalSeconds);
        double[] seconds = new double[trials];
        for (int i = 0; i < trials; i++) {
            seconds[i] = i * intervalSeconds;
        }
        return new TrialTiming(seconds, String.format(Locale.ROOT, "a fixed %s s interval (%s)", intervalSeconds, why));
    }

    /**
     * Times from per-trial values, if they are usable: finite and non-decreasing. Otherwise the
     * fixed interval, with the reason in the description.
     */
    static TrialTiming fromTimes(double[] times, String source, double intervalSeconds) {
        requireInterval(intervalSeconds);
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                return fixed(times.length, intervalSeconds, source + " value " + i + " is " + times[i]);
            }
            if (i > 0 && times[i] < times[i - 1]) {
                return fixed(times.length, intervalSeconds, String.format(Locale.ROOT,
                        "%s decreases at trial %d: %s after %s", source, i, times[i], times[i - 1]));
            }
        }
        double[] seconds = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            seconds[i] = times[i] - times[0];
        }
        return new TrialTiming(seconds, source);
    }

    static void requireInterval(double intervalSeconds) {
        if (!(intervalSeconds > 0) || !Double.isFinite(intervalSeconds)) {
            throw new IllegalArgumentException("trial interval must be a positive number of seconds; got "
                    + intervalSeconds);
        }
    }
}
