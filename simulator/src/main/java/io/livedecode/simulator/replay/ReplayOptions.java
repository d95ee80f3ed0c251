package io.livedecode.simulator.replay;

import java.util.Objects;

/**
 * How to replay a session into Kafka.
 *
 * @param session          record key of every frame
 * @param speed            acquisition-time multiplier: 1 is real time, 10 ten times faster;
 *                         {@link Double#POSITIVE_INFINITY} sends as fast as the broker accepts
 * @param labelledFraction share of frames that carry their stimulus, 0..1; the choice per frame is
 *                         seeded, so two replays label the same frames
 * @param start            first trial to send
 * @param limit            frames to send in all (across loops); 0 means one pass from start, or
 *                         without end when looping
 * @param loop             start over from {@code start} after the last trial
 * @param seed             seed of the labelled-frame choice
 */
public record ReplayOptions(String session, double speed, double labelledFraction, int start, long limit,
                            boolean loop, long seed) {

    public ReplayOptions {
        Objects.requireNonNull(session, "session");
        if (session.isBlank()) {
            throw new IllegalArgumentException("session id must not be blank");
        }
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed " + speed + " must be positive (or infinite for max)");
        }
        if (!(labelledFraction >= 0 && labelledFraction <= 1)) {
            throw new IllegalArgumentException("labelled fraction " + labelledFraction + " must be in [0, 1]");
        }
        if (start < 0) {
            throw new IllegalArgumentException("start " + start + " must be >= 0");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + " must be >= 0");
        }
    }

    /** Every frame labelled, one pass, as fast as possible. */
    public static ReplayOptions fastest(String session) {
        return new ReplayOptions(session, Double.POSITIVE_INFINITY, 1.0, 0, 0, false, 1);
    }

    public boolean maxSpeed() {
        return Double.isInfinite(speed);
    }

    /** Whether frame {@code frameIndex} carries its label: a seeded coin, stable across runs. */
    public boolean labelled(long frameIndex) {
        if (labelledFraction >= 1) {
            return true;
        }
        long z = seed * 0x9E3779B97F4A7C15L + frameIndex;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < labelledFraction;
    }
}
