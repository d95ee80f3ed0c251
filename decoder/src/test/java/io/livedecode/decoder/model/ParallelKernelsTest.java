package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Passes split across threads (forward product by column blocks, updates by columns) must give the single-threaded bits, allocate nothing, and really split. */
class ParallelKernelsTest {
    private static final WeightKernels SINGLE = VectorKernels.INSTANCE;
    private static final int L = VectorKernels.lanes();
    private static final int BLOCK = WeightKernels.BLOCK_COLUMNS;

    @Test
    void everyKernelSplitAcrossThreadsGivesTheSingleThreadedBits() {
        for (int threads : new int[] {2, 3, 5}) {
            ParallelKernels parallel = new ParallelKernels(SINGLE, threads);
            for (int rows : new int[] {2 * L, 50, 200, 203}) {
                for (float shrink : new float[] {0f, 1e-3f}) {
                    String at = threads + " threads, " + rows + " rows, shrink " + shrink;
                    Operands one = new Operands(rows);
                    Operands many = new Operands(rows);
                    for (int step = 1; step <= 2; step++) {
                        run(SINGLE, one, step, shrink);
                        run(parallel, many, step, shrink);
                        assertArrayEquals(one.out, many.out, at);
                        assertArrayEquals(one.w, many.w, at);
                        assertArrayEquals(one.u, many.u, at);
                        assertArrayEquals(one.s, many.s, at);
                    }
                }
            }
        }
    }

    /**
     * In a JVM of its own (tag {@code own-jvm}, a second surefire run): the JIT leaves a vector helper
     * of the kernels out of line when it has already compiled it on its own into a large method, and
     * then every pass boxes its vectors. After the other model tests in one JVM that happened every
     * time (64 B per pass for good); the service compiles the kernels first, at the sizes it runs.
     */
    @Test
    @Tag("own-jvm")
    void helpersTakeChunksAndNothingIsAllocatedPerPass() throws Exception {
        ParallelKernels parallel = new ParallelKernels(SINGLE, 2);
        Operands o = new Operands(200);
        for (int i = 0; i < 2_000; i++) {
            parallel.affine(o.w, o.ld, o.rows, o.cols, o.x, o.bias, o.out, o.partials);
            parallel.rmsProp(o.w, o.s, null, o.ld, o.rows, o.cols, o.x, o.g, 1e-4f, 0.9f, 1e-8f, 0f, 1f, 0f);
            parallel.sgd(o.w, o.ld, o.rows, o.cols, o.x, o.g, 1e-4f, 0.9999f, 1e-6f);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = helperIds();
        long chunksBefore = parallel.chunksByHelpers();
        // Rounds of 600 passes until two in a row allocate nothing: on a loaded machine the JIT's
        // optimising compiler can still be queued after the warm-up, and until it has compiled the
        // kernels the vector code boxes; the rounds go on for up to 30 s. Compiled, no pass may
        // allocate.
        int clean = 0;
        long allocated = -1;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (clean < 2 && System.nanoTime() < deadline) {
            long before = threads.getCurrentThreadAllocatedBytes() + sum(threads.getThreadAllocatedBytes(ids));
            for (int i = 0; i < 200; i++) {
                parallel.affine(o.w, o.ld, o.rows, o.cols, o.x, o.bias, o.out, o.partials);
                parallel.rmsProp(o.w, o.s, null, o.ld, o.rows, o.cols, o.x, o.g, 1e-4f, 0.9f, 1e-8f, 0f, 1f, 0f);
                parallel.sgd(o.w, o.ld, o.rows, o.cols, o.x, o.g, 1e-4f, 0.9999f, 1e-6f);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() + sum(threads.getThreadAllocatedBytes(ids)) - before;
            // The counters themselves allocate a few dozen bytes per read, never per pass.
            clean = allocated < 600 ? clean + 1 : 0;
        }
        assertEquals(2, clean, "allocated " + allocated + " B over the last round of 600 passes");
        long helped = parallel.chunksByHelpers() - chunksBefore;
        assertTrue(helped > 0, "the helper took none of the passes' chunks");
        long beforeForward = parallel.chunksByHelpers();
        for (int i = 0; i < 200; i++) {
            parallel.affine(o.w, o.ld, o.rows, o.cols, o.x, o.bias, o.out, o.partials);
        }
        assertTrue(parallel.chunksByHelpers() > beforeForward, "the helper took none of 200 forward products' blocks");
    }

    @Test
    void twoThreadsCallingAtOnceBothGetTheSingleThreadedBits() throws Exception {
        ParallelKernels parallel = new ParallelKernels(SINGLE, 2);
        List<CompletableFuture<float[]>> results = new ArrayList<>();
        for (int caller = 0; caller < 2; caller++) {
            results.add(CompletableFuture.supplyAsync(() -> {
                Operands o = new Operands(200);
                for (int i = 0; i < 300; i++) {
                    parallel.sgd(o.w, o.ld, o.rows, o.cols, o.x, o.g, 1e-4f, 0.9999f, 0f);
                    parallel.affine(o.w, o.ld, o.rows, o.cols, o.x, o.bias, o.out, o.partials);
                }
                return o.out;
            }));
        }
        Operands one = new Operands(200);
        for (int i = 0; i < 300; i++) {
            SINGLE.sgd(one.w, one.ld, one.rows, one.cols, one.x, one.g, 1e-4f, 0.9999f, 0f);
            SINGLE.affine(one.w, one.ld, one.rows, one.cols, one.x, one.bias, one.out, one.partials);
        }
        for (CompletableFuture<float[]> r : results) {
            assertArrayEquals(one.out, r.get());
        }
    }

    @Test
    void smallPassesAndOneThreadStayOnTheCaller() {
        ParallelKernels one = new ParallelKernels(SINGLE, 1);
        ParallelKernels two = new ParallelKernels(SINGLE, 2);
        Operands big = new Operands(200);
        Operands small = new Operands(200, 100);
        // Far above the size a pass is split at, but a single column block: nothing to split.
        Operands tall = new Operands(4 * 1024, BLOCK);
        long before = two.chunksByHelpers();
        for (int i = 0; i < 50; i++) {
            one.affine(big.w, big.ld, big.rows, big.cols, big.x, big.bias, big.out, big.partials);
            two.affine(small.w, small.ld, small.rows, small.cols, small.x, small.bias, small.out, small.partials);
            two.affine(tall.w, tall.ld, tall.rows, tall.cols, tall.x, tall.bias, tall.out, tall.partials);
        }
        assertEquals(0, one.chunksByHelpers());
        assertEquals(before, two.chunksByHelpers());
    }

    private static void run(WeightKernels k, Operands o, int t, float shrink) {
        k.affine(o.w, o.ld, o.rows, o.cols, o.x, o.bias, o.out, o.partials);
        k.sgd(o.w, o.ld, o.rows, o.cols, o.x, o.g, 0.01f, 0.999f, shrink);
        k.momentum(o.w, o.u, o.ld, o.rows, o.cols, o.x, o.g, 0.01f, 0.9f, 1f, shrink);
        k.rmsProp(o.w, o.s, o.u, o.ld, o.rows, o.cols, o.x, o.g, 1e-3f, 0.9f, 1e-8f, 0.5f, 0.999f, shrink);
        float step = (float) (1e-3 / (1 - Math.pow(0.9, t)));
        float root = (float) Math.sqrt(1 - Math.pow(0.999, t));
        k.adam(o.w, o.u, o.s, o.ld, o.rows, o.cols, o.x, o.g, step, 0.9f, 0.999f, 1e-8f, root, 0.999f, shrink);
        k.l1Subgradient(o.w, o.ld, o.rows, o.cols, 1e-4f);
        k.affine(o.w, o.ld, o.rows, o.cols, o.x, o.bias, o.out, o.partials);
    }

    private static long[] helperIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("livedecode-pass-"))
                .mapToLong(Thread::threadId).toArray();
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += Math.max(v, 0);
        }
        return s;
    }

    /** A layer just over the size a pass is split at, with Smile-like padding between columns. */
    private static final class Operands {
        final int rows;
        final int cols;
        final int ld;
        final float[] w;
        final float[] u;
        final float[] s;
        final float[] x;
        final float[] g;
        final float[] bias;
        final float[] out;
        final float[] partials;

        Operands(int rows) {
            this(rows, (int) (ParallelKernels.MIN_ELEMENTS / rows) + 13);
        }

        Operands(int rows, int cols) {
            SplittableRandom r = new SplittableRandom(rows * 31L + cols);
            this.rows = rows;
            this.cols = cols;
            this.ld = rows + 3;
            w = WeightKernelsTest.Case.fill(r, ld * cols, 0.1);
            u = WeightKernelsTest.Case.fill(r, ld * cols, 0.01);
            s = new float[ld * cols];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) (r.nextDouble() * 1e-4);
            }
            x = WeightKernelsTest.Case.fill(r, cols, 1);
            g = WeightKernelsTest.Case.fill(r, rows, 0.5);
            bias = WeightKernelsTest.Case.fill(r, rows, 0.1);
            out = new float[rows];
            partials = new float[WeightKernels.partialsLength(rows, cols)];
        }
    }
}
