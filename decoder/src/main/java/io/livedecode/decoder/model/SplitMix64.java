package io.livedecode.decoder.model;

/**
 * A tiny reseedable generator (SplitMix64). The decoder reseeds it from (seed, frame counter,
 * purpose) before every use, so randomness is a pure function of the stream position: nothing
 * but the counters needs saving in a snapshot, and a replay draws exactly the same numbers.
 */
final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    SplitMix64(long seed) {
        state = seed;
    }

    /** Restarts the sequence at a position derived from the three values. */
    void reseed(long seed, long counter, long purpose) {
        state = start(seed, counter, purpose);
    }

    /** The state {@link #reseed} sets. */
    static long start(long seed, long counter, long purpose) {
        return mix(mix(seed ^ mix(purpose)) + counter * GOLDEN_GAMMA);
    }

    /**
     * Draw number {@code index} (0-based) that {@link #nextDouble} makes after starting at
     * {@code state}, computed on its own: the state is a counter, so no draw depends on the one
     * before, and a fill written this way has no loop-carried dependency for the CPU to wait on.
     */
    static double draw(long state, long index) {
        return (mix(state + (index + 1) * GOLDEN_GAMMA) >>> 11) * 0x1.0p-53;
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound) for 0 < bound < 2^31 (Lemire's multiply-shift with rejection, no modulo bias). */
    int nextInt(int bound) {
        long m = (nextLong() >>> 33) * bound;
        long low = m & 0x7FFFFFFFL;
        if (low < bound) {
            long threshold = (0x80000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 33) * bound;
                low = m & 0x7FFFFFFFL;
            }
        }
        return (int) (m >>> 31);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
