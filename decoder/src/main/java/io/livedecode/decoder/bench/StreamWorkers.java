package io.livedecode.decoder.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a range of columns across the calling thread and {@code threads - 1} daemon worker threads, for
 * the all-core memory floor only (the model splits its passes with its own helpers). Workers spin
 * briefly for the next pass, then park, so they do not steal a core from the single-thread
 * measures interleaved with the floor; the hand-off is part of what an all-core pass costs.
 */
final class StreamWorkers implements AutoCloseable {
    /** Work on columns {@code [from, to)}; returns a value folded into the pass's result. */
    @FunctionalInterface
    interface Slice {
        float run(int from, int to);
    }

    private static final long SPIN_NANOS = 50_000;

    private final int threads;
    private final Thread[] others;
    private final float[] results;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Slice slice;
    private volatile int columns;

    StreamWorkers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.results = new float[threads];
        this.others = new Thread[threads - 1];
        for (int t = 1; t < threads; t++) {
            int index = t;
            others[t - 1] = Thread.ofPlatform().daemon().name("floor-stream-" + t).start(() -> work(index));
        }
    }

    int threads() {
        return threads;
    }

    /** Runs {@code work} over {@code [0, columns)} in {@link #threads()} contiguous parts; sums their results. */
    float run(int columns, Slice work) {
        this.slice = work;
        this.columns = columns;
        pending.set(threads - 1);
        generation++;
        for (Thread h : others) {
            LockSupport.unpark(h);
        }
        results[0] = work.run(0, end(0, columns));
        while (pending.get() > 0) {
            Thread.onSpinWait();
        }
        float sum = 0;
        for (float r : results) {
            sum += r;
        }
        return sum;
    }

    private int end(int part, int columns) {
        return (int) ((long) columns * (part + 1) / threads);
    }

    private void work(int index) {
        int seen = 0;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (generation == seen && !closed) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            int n = columns;
            results[index] = slice.run(end(index - 1, n), end(index, n));
            pending.decrementAndGet();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread h : others) {
            LockSupport.unpark(h);
        }
    }
}
