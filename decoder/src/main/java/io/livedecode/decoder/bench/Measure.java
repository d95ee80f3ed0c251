package io.livedecode.decoder.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * One timed operation of a benchmark: its per-frame time in each round and, for operations timed
 * on the calling thread, the bytes that thread allocated per frame over the later rounds.
 * {@link #run} warms all measures up, then times them in interleaved rounds (A B C A B C ...) so
 * machine noise falls on every column alike; figures are medians over rounds.
 */
final class Measure {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Something that runs {@code frames} frames and reports milliseconds per frame. */
    @FunctionalInterface
    interface Timed {
        double millisPerFrame(int frames);
    }

    /** One frame of an operation timed here; {@code k} picks the input. */
    @FunctionalInterface
    interface Frame {
        void run(int k);
    }

    final String name;
    private final Timed timed;
    private final boolean countsAllocation;
    private double[] millis = new double[0];
    private int filled;
    private long allocatedBytes;
    private long allocatedFrames;
    private long settleMillis;

    private Measure(String name, Timed timed, boolean countsAllocation) {
        this.name = name;
        this.timed = timed;
        this.countsAllocation = countsAllocation;
    }

    /** An operation timed on the calling thread over inputs {@code k = 0 .. inputs - 1}, round robin. */
    static Measure local(String name, int inputs, Frame frame) {
        return new Measure(name, frames -> {
            long start = System.nanoTime();
            for (int k = 0; k < frames; k++) {
                frame.run(k % inputs);
            }
            return (System.nanoTime() - start) / 1e6 / frames;
        }, true);
    }

    /** An operation that times itself (another process); no allocation figure. */
    static Measure remote(String name, Timed timed) {
        return new Measure(name, timed, false);
    }

    /**
     * Pauses {@code millis} after each run of this measure. BLAS and OpenMP pools (Smile's
     * OpenBLAS, PyTorch's threads) keep spinning for a while after a call; without the pause they
     * would take a core from whichever column runs next.
     */
    Measure settleAfter(long millis) {
        settleMillis = millis;
        return this;
    }

    /**
     * Warms every measure up, in turn, for at least {@code warmupFrames} frames and
     * {@code warmupNanos} in all (until the JIT has compiled the code: interpreted vector code
     * allocates), then runs {@code rounds} rounds of {@code frames} frames of each measure in turn.
     */
    static void run(List<Measure> measures, int rounds, int frames, int warmupFrames, long warmupNanos) {
        long end = System.nanoTime() + warmupNanos;
        int done = 0;
        while (done < warmupFrames || System.nanoTime() < end) {
            for (Measure m : measures) {
                m.timed.millisPerFrame(10);
                m.settle();
            }
            done += 10;
        }
        for (Measure m : measures) {
            m.millis = new double[rounds];
            m.filled = 0;
            m.allocatedBytes = 0;
            m.allocatedFrames = 0;
        }
        for (int r = 0; r < rounds; r++) {
            for (Measure m : measures) {
                m.time(frames, r >= rounds / 2);
                m.settle();
            }
        }
    }

    private void settle() {
        if (settleMillis > 0) {
            try {
                Thread.sleep(settleMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void time(int frames, boolean countAllocation) {
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        double ms = timed.millisPerFrame(frames);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
        millis[filled++] = ms;
        if (countAllocation && countsAllocation) {
            allocatedBytes += allocated;
            allocatedFrames += frames;
        }
    }

    /** Median milliseconds per frame over the rounds (NaN before any round or when unavailable). */
    double median() {
        double[] s = Arrays.stream(millis, 0, filled).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Bytes allocated per frame on the calling thread over the later rounds; NaN for remote measures. */
    double allocatedPerFrame() {
        return countsAllocation && allocatedFrames > 0 ? (double) allocatedBytes / allocatedFrames : Double.NaN;
    }
}
