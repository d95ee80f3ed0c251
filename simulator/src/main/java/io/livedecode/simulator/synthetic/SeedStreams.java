package io.livedecode.simulator.synthetic;

/**
 * Derives independent 64-bit seeds from one session seed, one per purpose and index, so any trial
 * can be generated alone, in any order, and each purpose's draws never depend on another's.
 */
final class SeedStreams {

    static final long NEURONS = 0x6E6575726F6E73L;
    static final long SCHEDULE = 0x7363686564756CL;
    static final long TRIALS = 0x747269616C73L;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SeedStreams() {
    }

    /** A seed for item {@code index} of stream {@code purpose} of the session seeded {@code seed}. */
    static long derive(long seed, long purpose, long index) {
        return mix64(mix64(seed ^ mix64(purpose)) + (index + 1) * GOLDEN_GAMMA);
    }

    // SplitMix64's finaliser: a bijection whose outputs of nearby inputs look unrelated.
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
