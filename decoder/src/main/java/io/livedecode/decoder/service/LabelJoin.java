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
        return queues.computeIfAbsent(session, s -> new LabelQueue(s, partition, lag));
    }

    /** The session's queue, or null if it has neither a frame nor a label here. */
    LabelQueue existing(String session) {
        return queues.get(session);
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
        LabelQueue q = queue(session, partition);
        LabelQueue.Offer offer = q.offer(label.frameIndex(), label.angleDegrees());
        if (replaying) {
            return offer;
        }
        switch (offer) {
            case MATCHED -> {
                listener.counted(Outcome.MATCHED);
                LabelQueue.Entry e = q.lateEntry(label.frameIndex());
                if (e != null && !e.replayed) {
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
    }

    /** Forgets one session (its models were reset: frames queued before are not learned by the new ones). */
    void drop(String session) {
        queues.remove(session);
    }
}
