package io.livedecode.decoder.model;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Daemon helper threads that share one pass over a matrix with the calling thread. The caller cuts
 * the pass into chunks (ranges of rows or columns); every thread, the caller included, takes the
 * next chunk not yet taken until none is left, and the caller returns once all are done. A helper
 * that has not woken when the caller finishes its own chunk finds the rest taken by the caller; a
 * helper descheduled in the middle of a chunk, though, makes the caller wait for it (on a busy
 * machine, up to a scheduler time slice). Each chunk is computed exactly as the whole pass would
 * compute it, so who ran which chunk changes no result.
 *
 * <p>A chunk that throws still counts as done; the caller throws the first such failure once every
 * chunk has finished (so no thread still writes the arrays when the caller sees it).
 *
 * <p>One call at a time: {@link #tryAcquire} refuses while another thread's call runs (that caller
 * then computes alone). A helper spins briefly after its last chunk, since a frame's passes come
 * in bursts, then parks. Nothing is allocated per call.
 */
final class PassWorkers {
    /** Chunk {@code chunk}, the range {@code from <= k < to}; called from several threads at once on disjoint chunks. */
    interface ChunkTask {
        void run(int chunk, int from, int to);
    }

    /** At most this many chunks per call (the index field of {@link #ticket} is 16 bits). */
    static final int MAX_CHUNKS = 64;
    private static final long SPIN_NANOS = 200_000;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final AtomicBoolean busy = new AtomicBoolean();
    /**
     * Call generation (high 32 bits), chunk count (bits 16-31) and next chunk to take (bits 0-15):
     * one word, so a helper that woke for an earlier call can never take a chunk of the next one
     * against that call's count.
     */
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    /** Chunks the helpers ran (what shows the split happens at all). */
    private final AtomicLong helperChunks = new AtomicLong();
    /** Chunk k is {@code bounds[k] <= i < bounds[k + 1]}; written before {@link #ticket} publishes it. */
    private final int[] bounds = new int[MAX_CHUNKS + 1];
    /** The first throwable of the current call's chunks, thrown by the caller once all are done. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private ChunkTask task;
    private int generation;
    private volatile Thread[] helpers = new Thread[0];

    /** Starts helpers until there are {@code count} (never fewer than already run). */
    synchronized void ensureHelpers(int count) {
        Thread[] current = helpers;
        if (count <= current.length) {
            return;
        }
        Thread[] next = Arrays.copyOf(current, count);
        for (int i = current.length; i < count; i++) {
            Thread t = new Thread(this::helperLoop, "livedecode-pass-" + NAMES.incrementAndGet());
            t.setDaemon(true);
            next[i] = t;
            t.start();
        }
        helpers = next;
    }

    int helperCount() {
        return helpers.length;
    }

    /** Claims the workers for one call; false while another thread's call runs. */
    boolean tryAcquire() {
        return busy.compareAndSet(false, true);
    }

    void release() {
        busy.set(false);
    }

    /**
     * Runs {@code task} over chunks {@code bounds[0..chunks]} (the caller fills {@link #bounds()}
     * first) on this thread and the helpers; returns when every chunk is done. Only between
     * {@link #tryAcquire} and {@link #release}.
     */
    void run(ChunkTask task, int chunks) {
        if (chunks < 1 || chunks > MAX_CHUNKS) {
            throw new IllegalArgumentException("chunks must be 1-" + MAX_CHUNKS + ", got " + chunks);
        }
        this.task = task;
        failure.set(null);
        done.set(0);
        generation++;
        ticket.set(((long) generation << 32) | ((long) chunks << 16));
        Thread[] all = helpers;
        for (int i = 0; i < Math.min(chunks - 1, all.length); i++) {
            LockSupport.unpark(all[i]);
        }
        work(generation, false);
        int spins = 0;
        while (done.get() < chunks) {
            if (++spins % 4096 == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        this.task = null;
        Throwable failed = failure.getAndSet(null);
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }

    int[] bounds() {
        return bounds;
    }

    long helperChunks() {
        return helperChunks.get();
    }

    /** Takes and runs chunks of call {@code gen} until none is left; returns how many it ran. */
    private int work(int gen, boolean helper) {
        int ran = 0;
        while (true) {
            long t = ticket.get();
            int index = (int) (t & 0xFFFF);
            int chunks = (int) ((t >>> 16) & 0xFFFF);
            if ((int) (t >>> 32) != gen || index >= chunks) {
                return ran;
            }
            if (ticket.compareAndSet(t, t + 1)) {
                try {
                    task.run(index, bounds[index], bounds[index + 1]);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    if (helper) {
                        helperChunks.incrementAndGet();
                    }
                    done.incrementAndGet();
                }
                ran++;
            }
        }
    }

    private void helperLoop() {
        int seen = 0;
        long idleSince = System.nanoTime();
        while (true) {
            int gen = (int) (ticket.get() >>> 32);
            if (gen != seen) {
                seen = gen;
                work(gen, true);
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }
}
