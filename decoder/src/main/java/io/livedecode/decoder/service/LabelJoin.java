package io.livedecode.decoder.service;

import io.livedecode.protocol.Label;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The late-labels join of one decoder: a {@link LabelQueue} per session, the lag, the wait limit
 * and what gets counted. Its outcome is a function of the two topics' contents (the order of each
 * session's frames, and each frame's label), never of when a label arrived, except for a frame
 * given up after {@code maxWait}. Knows nothing of Kafka. Loop thread only.
 */
final class LabelJoin {

    private static final Logger LOG = LoggerFactory.getLogger(LabelJoin.class);

    /** The outcomes counted in {@code livedecode_labels_total{outcome}}. */
    enum Outcome {
        MATCHED, EXPIRED, UNMATCHED, DUPLICATE, REFUSED;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where the counts go (metrics in the service, a list in tests). */
    interface Listener {
        void counted(Outcome outcome);

        /** A label came for a frame that was waiting for it, {@code nanos} after the frame. */
        void waited(long nanos);
    }

    /** What must happen before a session's next frame is decoded. */
    sealed interface Next {
        /** Nothing: decode it. */
        record Decode() implements Next {
        }

        /** Learn (or, without label, drop) this frame first, then ask again. */
        record Learn(LabelQueue.Entry entry) implements Next {
        }

        /** The due frame's label has not come: hold the partition and read labels. */
        record Wait(LabelQueue.Entry entry) implements Next {
        }
    }

    private static final Next DECODE = new Next.Decode();

    private final int lag;
    private final long maxWaitNanos;
    private final LongSupplier clock;
    private final Listener listener;
    private final Map<String, LabelQueue> queues = new HashMap<>();
    private final LabelPositions positions = new LabelPositions();
    /** Sessions whose queue left with their snapshot (evicted, or not restored yet after recovery). */
    private final ParkedQueues parked = new ParkedQueues();

    /**
     * @param clock System.nanoTime in the service; tests drive it by hand
     */
    LabelJoin(int lag, Duration maxWait, LongSupplier clock, Listener listener) {
        this.lag = lag;
        this.maxWaitNanos = maxWait.toNanos();
        this.clock = clock;
        this.listener = listener;
    }

    int lag() {
        return lag;
    }

    LabelQueue queue(String session, int partition) {
        LabelQueue q = existing(session);
        if (q == null) {
            q = new LabelQueue(session, partition, lag, labelsAt(partition));
            queues.put(session, q);
            // Parked without its queue in memory and never restored (its snapshot was not loaded): labels only.
            unpark(session, q);
        }
        return q;
    }

    /**
     * The session's queue, or null if it has neither a frame nor a label here. An evicted session
     * whose queue is still in memory (its snapshot not durable yet) gets it back, with the labels read since.
     */
    LabelQueue existing(String session) {
        LabelQueue q = queues.get(session);
        if (q == null) {
            ParkedQueues.Parked p = parked.takeInMemory(session);
            if (p != null) {
                q = p.queue;
                queues.put(session, q);
                offerHeld(p, q);
            }
        }
        return q;
    }

    /** Whether the session's queue left with its snapshot and must come back (restore) before its frames. */
    boolean parked(String session) {
        return parked.outOfMemory(session);
    }

    private void unpark(String session, LabelQueue q) {
        ParkedQueues.Parked p = parked.take(session);
        if (p != null) {
            offerHeld(p, q);
        }
    }

    private void offerHeld(ParkedQueues.Parked p, LabelQueue q) {
        for (ParkedQueues.HeldLabel h : p.labels) {
            offerTo(q, h.offset(), h.label(), h.replaying());
        }
    }

    /** The labels offset of the next label record of {@code partition} to be offered. */
    long labelsAt(int partition) {
        return positions.next(partition);
    }

    /** The labels reader went past a record of the partition (offered, skipped or refused). */
    void labelsRead(int partition, long next) {
        positions.read(partition, next);
    }

    /** Labels of the session below {@code offset} are not offered: its state has them, or they are from before its reset. */
    void skipBelow(String session, int partition, long offset) {
        positions.skipBelow(session, partition, offset);
    }

    /** The session's join state for its snapshot, as of now; an empty queue if it has none yet. */
    LabelQueue.Saved save(String session, int partition) {
        LabelQueue q = existing(session);
        if (q == null) {
            q = new LabelQueue(session, partition, lag, labelsAt(partition));
        }
        return q.save(labelsAt(partition));
    }

    /** The session is evicted: its queue (already in its snapshot) waits aside until that snapshot is durable. */
    void park(String session, int partition) {
        parked.park(session, partition, queues.remove(session));
    }

    /** The evicted session's snapshot is durable: its queue leaves memory. */
    void release(String session) {
        parked.release(session);
    }

    /** Recovery: the session stays in its snapshot (taken at labels offset {@code labelsPosition}) until its frame comes. */
    void parkInSnapshot(String session, int partition, long labelsPosition) {
        queues.remove(session);
        parked.parkOut(session, partition);
        skipBelow(session, partition, labelsPosition);
    }

    /**
     * The session was read back from its snapshot: its queue as saved, then the labels read for it
     * since, in order.
     *
     * @param replayed whether the frame at an offset was published before the recovery
     */
    void restore(String session, int partition, LabelQueue.Saved saved, java.util.function.LongPredicate replayed) {
        LabelQueue q = saved == null ? new LabelQueue(session, partition, lag, labelsAt(partition))
                : LabelQueue.restore(session, partition, lag, saved, replayed);
        if (saved != null) {
            skipBelow(session, partition, saved.labelsPosition());
        }
        queues.put(session, q);
        unpark(session, q);
    }

    /** Where the session's current queue began reading labels (the reader's position if it has none). */
    long labelsFromFor(String session, int partition) {
        LabelQueue q = existing(session);
        return q != null ? q.labelsFrom() : labelsAt(partition);
    }

    /**
     * Where the sessions of {@code partition} not in its catalog need their labels from: the first
     * label of any of their queues, else the reader's position.
     */
    long uncataloguedLabelsFrom(int partition, java.util.function.Predicate<String> catalogued) {
        long from = labelsAt(partition);
        for (LabelQueue q : queues.values()) {
            if (q.partition() == partition && !catalogued.test(q.session())) {
                from = Math.min(from, q.labelsFrom());
            }
        }
        return from;
    }

    /** Queues in memory (those of resident sessions, label-only ones, and evicted ones not yet durable). */
    int queueCount() {
        return queues.size() + parked.inMemory();
    }

    /** Frames whose responses the join holds, waiting to be learned. */
    long responsesHeld() {
        long n = 0;
        for (LabelQueue q : queues.values()) {
            n += q.responsesHeld();
        }
        return n + parked.responsesHeld();
    }

    /**
     * Before decoding a frame of {@code session}: the frame to learn first, a wait, or nothing. A
     * head that has waited {@code maxWait} is given up here (decoded only, counted expired).
     * Nothing is counted for frames decoded while replaying.
     */
    Next next(LabelQueue q) {
        LabelQueue.Entry due = q.due();
        if (due == null) {
            return DECODE;
        }
        // A frame decoded while rebuilding a model was counted the first time.
        boolean replaying = due.replayed;
        if (due.state != LabelQueue.State.PENDING) {
            q.pollHead();
            return new Next.Learn(due);
        }
        long waited = q.waiting(clock.getAsLong());
        if (waited < maxWaitNanos) {
            return new Next.Wait(due);
        }
        if (q.expireHead()) {
            LOG.warn("session '{}': frame {} waited {} ms for its label and is decoded only (labels.max-wait-ms);"
                    + " later frames of the session that are given up are counted, not logged", q.session(),
                    due.frameIndex, waited / 1_000_000);
        }
        if (!replaying) {
            listener.counted(Outcome.EXPIRED);
        }
        return new Next.Learn(due);
    }

    /**
     * Appends a frame just decoded to its session's queue.
     *
     * @param decoded per variant, the angle decoded now
     */
    LabelQueue.Entry admit(LabelQueue q, long offset, long frameIndex, float[] responses, double inline,
                           boolean follows, double[] decoded, boolean replaying) {
        if (!follows && q.hasEarly(frameIndex) && !replaying) {
            // A label for a frame that did not say one would follow: the inline stimulus wins.
            listener.counted(Outcome.UNMATCHED);
        }
        boolean early = follows && q.hasEarly(frameIndex);
        LabelQueue.Entry e = q.admit(offset, frameIndex, responses, inline, follows, decoded, clock.getAsLong(),
                replaying);
        if (early && !replaying) {
            listener.counted(Outcome.MATCHED);
            listener.waited(0);
        }
        return e;
    }

    /**
     * A label record from the labels topic.
     *
     * @param replaying true for labels read again after a recovery: nothing is counted
     */
    LabelQueue.Offer offer(String session, int partition, Label label, boolean replaying) {
        return offer(session, partition, labelsAt(partition), label, replaying);
    }

    /**
     * A label record at labels offset {@code offset}: null if it is skipped (the session's snapshot
     * has it, or it came before the session's reset); EARLY if held for a parked session.
     */
    LabelQueue.Offer offer(String session, int partition, long offset, Label label, boolean replaying) {
        if (positions.skips(session, offset)) {
            return null;
        }
        // A parked session's queue is in its snapshot as of an older labels offset: this one waits for it.
        Boolean held = parked.hold(session, offset, label, replaying, lag + LabelQueue.EARLY_BEYOND_LAG);
        if (held != null) {
            if (!held && !replaying) {
                listener.counted(Outcome.UNMATCHED);
            }
            return held ? LabelQueue.Offer.EARLY : LabelQueue.Offer.UNMATCHED;
        }
        LabelQueue q = existing(session);
        if (q == null) {
            q = new LabelQueue(session, partition, lag, offset);
            queues.put(session, q);
        }
        return offerTo(q, offset, label, replaying);
    }

    private LabelQueue.Offer offerTo(LabelQueue q, long offset, Label label, boolean replaying) {
        q.labelOffered(offset);
        LabelQueue.Offer offer = q.offer(label.frameIndex(), label.angleDegrees());
        if (replaying) {
            return offer;
        }
        switch (offer) {
            case MATCHED -> {
                listener.counted(Outcome.MATCHED);
                LabelQueue.Entry e = q.lateEntry(label.frameIndex());
                if (e != null && !e.replayed && e.arrivedNanos != LabelQueue.RESTORED) {
                    listener.waited(Math.max(0, clock.getAsLong() - e.arrivedNanos));
                }
            }
            case UNMATCHED -> listener.counted(Outcome.UNMATCHED);
            case DUPLICATE -> listener.counted(Outcome.DUPLICATE);
            case EARLY -> { }
        }
        return offer;
    }

    /** A label record that could not be read (dead-lettered by the caller). */
    void refused() {
        listener.counted(Outcome.REFUSED);
    }

    /** Early labels held for the sessions of a frame partition: the labels reader slows down past a bound. */
    int earlyLabels(int partition) {
        int n = 0;
        for (LabelQueue q : queues.values()) {
            if (q.partition() == partition) {
                n += q.earlyCount();
            }
        }
        return n;
    }

    /** Forgets a partition's sessions (it is rebuilt, or moved to another instance). */
    void drop(int partition) {
        for (Iterator<LabelQueue> it = queues.values().iterator(); it.hasNext(); ) {
            if (it.next().partition() == partition) {
                it.remove();
            }
        }
        parked.drop(partition);
        positions.drop(partition);
    }

    /**
     * Forgets one session (its models were reset: frames queued before are not learned by the new
     * ones, nor labels read before).
     */
    void drop(String session, int partition) {
        queues.remove(session);
        parked.drop(session);
        skipBelow(session, partition, labelsAt(partition));
    }
}
