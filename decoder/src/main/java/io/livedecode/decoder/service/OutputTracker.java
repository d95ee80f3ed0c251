package io.livedecode.decoder.service;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * At-least-once bookkeeping: which outputs of which frames the broker has acknowledged. Each
 * published frame gets an entry; each of its sends a callback on it. A partition's offset may be
 * committed up to the first frame with an output still unacknowledged, never past it; a send
 * that failed for good marks its partition failed, and the loop rewinds it to its last commit.
 * Entries are made and read on the loop thread; callbacks run on the producer's I/O thread.
 */
final class OutputTracker {

    /** The tracked frames of one partition since it was assigned or last rewound. */
    private static final class Partition {
        final Runnable onAcknowledged;
        final ArrayDeque<Frame> frames = new ArrayDeque<>();
        volatile boolean failed;
        long acknowledgedThrough = -1;

        Partition(Runnable onAcknowledged) {
            this.onAcknowledged = onAcknowledged;
        }
    }

    /** The outputs of one frame. */
    static final class Frame implements Callback {
        private final Partition owner;
        private final long offset;
        private final AtomicInteger pending = new AtomicInteger();
        /** The thread in {@link #awaitAcknowledged}, woken by the last acknowledgement or a failure. */
        private volatile Thread waiter;

        private Frame(Partition owner, long offset) {
            this.owner = owner;
            this.offset = offset;
        }

        /** The callback for one more send of this frame. */
        Callback expect() {
            pending.incrementAndGet();
            return this;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                // The idempotent producer has retried until delivery.timeout.ms: this output is lost
                // unless the frame is processed again. (A rewound partition's old entries are unreachable.)
                owner.failed = true;
                wake();
                return;
            }
            pending.decrementAndGet();
            wake();
            owner.onAcknowledged.run();
        }

        private void wake() {
            Thread t = waiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        /**
         * Parks the calling thread until every send of this frame so far was acknowledged, one
         * failed, or {@code timeoutNanos} passed.
         *
         * @return whether every send was acknowledged
         */
        boolean awaitAcknowledged(long timeoutNanos) {
            long deadline = System.nanoTime() + timeoutNanos;
            waiter = Thread.currentThread();
            try {
                // The waiter is published before pending is read, and a callback decrements pending
                // before it reads the waiter: either this loop sees the count reach 0 or the callback
                // sees the waiter and unparks it.
                while (pending.get() > 0 && !owner.failed) {
                    long left = deadline - System.nanoTime();
                    // An interrupted thread would return from every park at once: spinning to the
                    // deadline would take the core the wait is meant to leave free.
                    if (left <= 0 || Thread.currentThread().isInterrupted()) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                }
                return pending.get() <= 0;
            } finally {
                waiter = null;
            }
        }
    }

    private final Map<Integer, Partition> byPartition = new HashMap<>();
    private final Runnable onAcknowledged;

    /** @param onAcknowledged told of every acknowledged send, on the producer's I/O thread */
    OutputTracker(Runnable onAcknowledged) {
        this.onAcknowledged = onAcknowledged;
    }

    OutputTracker() {
        this(() -> { });
    }

    /** Starts tracking the outputs of the frame at {@code offset}. */
    Frame frame(int partition, long offset) {
        Partition p = byPartition.computeIfAbsent(partition, k -> new Partition(onAcknowledged));
        Frame f = new Frame(p, offset);
        p.frames.add(f);
        return f;
    }

    /**
     * The offset that may be committed for the partition: one past the last frame whose outputs,
     * and those of every frame before it, are acknowledged. Empty while no tracked frame is (or
     * after a failure); the same value again until more frames are acknowledged.
     */
    OptionalLong committable(int partition) {
        Partition p = byPartition.get(partition);
        if (p == null || p.failed) {
            return OptionalLong.empty();
        }
        while (!p.frames.isEmpty() && p.frames.peekFirst().pending.get() == 0) {
            p.acknowledgedThrough = p.frames.pollFirst().offset + 1;
        }
        return p.acknowledgedThrough < 0 ? OptionalLong.empty() : OptionalLong.of(p.acknowledgedThrough);
    }

    /** Partitions with a send that failed for good. */
    Set<Integer> failed() {
        Set<Integer> out = new TreeSet<>();
        byPartition.forEach((k, p) -> {
            if (p.failed) {
                out.add(k);
            }
        });
        return out;
    }

    /** Whether every tracked output of the partition is acknowledged. */
    boolean settled(int partition) {
        Partition p = byPartition.get(partition);
        return p == null || p.frames.stream().allMatch(f -> f.pending.get() == 0);
    }

    /** Stops tracking a partition (revoked, lost or rewound); late callbacks change nothing. */
    void forget(int partition) {
        byPartition.remove(partition);
    }
}
