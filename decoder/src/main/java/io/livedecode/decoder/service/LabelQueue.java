package io.livedecode.decoder.service;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One session's side of the late-labels join: its frames decoded and not yet learned, in arrival
 * order, and the labels that came before their frame. Pure state: no clock of its own, no Kafka.
 *
 * <p>The rule: with lag L, the frame at arrival position p is learned (or dropped, if it has no
 * label) just before the frame at position p + L + 1 is decoded; {@link #due} names the frame whose
 * learning point has come. If that frame's label is still unknown the session waits for it.
 */
final class LabelQueue {

    /** What is known of a queued frame's label. */
    enum State {
        /** Flagged LABEL_FOLLOWS, no label yet. */
        PENDING,
        /** Inline or from the labels topic: learned from at the learning point. */
        KNOWN,
        /** Unlabelled inline, withdrawn (a NaN label) or given up: decoded only. */
        NONE
    }

    /** How a label record was used. */
    enum Offer { MATCHED, EARLY, UNMATCHED, DUPLICATE }

    /** A decoded frame waiting for its learning point. */
    static final class Entry {
        final long position;
        final long offset;
        final long frameIndex;
        /** The frame's responses; null after a restore until the frame is read again. */
        float[] responses;
        State state;
        /** The label in degrees when {@link State#KNOWN}, else NaN. */
        double label;
        /** True when the label came (or is to come) on the labels topic rather than inline. */
        final boolean late;
        /** Per variant, in the session's variant order: the angle decoded at frame time. */
        final double[] decoded;
        /** When the frame arrived (System.nanoTime), for the label wait histogram; not persisted. */
        final long arrivedNanos;
        /** Decoded while rebuilding a model from already-published frames: no metric. */
        final boolean replayed;

        Entry(long position, long offset, long frameIndex, float[] responses, State state, double label, boolean late,
              double[] decoded, long arrivedNanos, boolean replayed) {
            this.position = position;
            this.offset = offset;
            this.frameIndex = frameIndex;
            this.responses = responses;
            this.state = state;
            this.label = label;
            this.late = late;
            this.decoded = decoded;
            this.arrivedNanos = arrivedNanos;
            this.replayed = replayed;
        }

        /** This frame with other responses, decoded angles, arrival time or replay mark; the rest as it is. */
        Entry with(float[] newResponses, double[] newDecoded, long newArrivedNanos, boolean newReplayed) {
            return new Entry(position, offset, frameIndex, newResponses, state, label, late, newDecoded, newArrivedNanos,
                    newReplayed);
        }
    }

    private final String session;
    private final int partition;
    private final int lag;
    private final int earlyLimit;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    /** Labels whose frame has not come yet, by frame index, in the order they came. */
    private final Map<Long, Double> early = new LinkedHashMap<>();
    private long arrivals;
    private final AdmittedIndices admitted;
    /** Labels offset of the first label offered to this queue (or the reader's next one when a frame made it). */
    private final long labelsFrom;
    /** Labels offset of the last label offered to this queue, or -1. */
    private long lastLabelOffset = -1;
    /** System.nanoTime when the head began waiting for its label, or -1 when it is not waiting. */
    private long waitingSince = -1;
    private boolean expiryLogged;

    /** Early labels a session keeps beyond its lag, about 16 bytes each in the map. */
    static final int EARLY_BEYOND_LAG = 100_000;

    LabelQueue(String session, int partition, int lag) {
        this(session, partition, lag, 0, new AdmittedIndices());
    }

    LabelQueue(String session, int partition, int lag, long labelsFrom) {
        this(session, partition, lag, labelsFrom, new AdmittedIndices());
    }

    private LabelQueue(String session, int partition, int lag, long labelsFrom, AdmittedIndices admitted) {
        this.session = session;
        this.partition = partition;
        this.lag = lag;
        this.labelsFrom = labelsFrom;
        this.admitted = admitted;
        // Generous: while a partition is held for one session's late label, the labels of the others are
        // still read (the awaited one may be behind them), and dropping one would make a frame wait again.
        this.earlyLimit = lag + EARLY_BEYOND_LAG;
    }

    String session() {
        return session;
    }

    int partition() {
        return partition;
    }

    long labelsFrom() {
        return labelsFrom;
    }

    /** Labels offset of the last label offered to this queue, or -1. */
    long lastLabelOffset() {
        return lastLabelOffset;
    }

    void labelOffered(long offset) {
        lastLabelOffset = Math.max(lastLabelOffset, offset);
    }

    /** Queued frames whose responses are still held (not learned yet). */
    int responsesHeld() {
        int n = 0;
        for (Entry e : queue) {
            if (e.responses != null) {
                n++;
            }
        }
        return n;
    }

    /** Frames of the session admitted so far: the arrival position of the next one. */
    long arrivals() {
        return arrivals;
    }

    int size() {
        return queue.size();
    }

    int earlyCount() {
        return early.size();
    }

    /** Whether a label for {@code frameIndex} came before its frame. */
    boolean hasEarly(long frameIndex) {
        return early.containsKey(frameIndex);
    }

    /** The frame whose learning point has come before the next frame is decoded, or null. */
    Entry due() {
        Entry head = queue.peekFirst();
        return head != null && arrivals - head.position > lag ? head : null;
    }

    /** Takes the head off the queue once it is learned or dropped. */
    Entry pollHead() {
        waitingSince = -1;
        return queue.pollFirst();
    }

    /**
     * Marks that the due head waits for its label (the first call starts the clock) and returns
     * the nanoseconds it has waited.
     */
    long waiting(long nowNanos) {
        if (waitingSince < 0) {
            waitingSince = nowNanos;
        }
        return nowNanos - waitingSince;
    }

    /** Whether the due head is waiting for its label (its partition holds the session's next frame). */
    boolean isWaiting() {
        return waitingSince >= 0;
    }

    /** Gives the waiting head up: decoded only. True the first time in this session, to log it once. */
    boolean expireHead() {
        Entry head = pollHead();
        head.state = State.NONE;
        head.label = Double.NaN;
        boolean first = !expiryLogged;
        expiryLogged = true;
        return first;
    }

    /**
     * Appends a frame just decoded. A LABEL_FOLLOWS frame takes a label that came before it;
     * otherwise its inline stimulus (NaN: none) is its label.
     *
     * @param inline   the frame's inline stimulus (NaN when it has none or its label follows)
     * @param follows  the frame carries LABEL_FOLLOWS
     * @return the entry; its state is PENDING when its label is still to come
     */
    Entry admit(long offset, long frameIndex, float[] responses, double inline, boolean follows, double[] decoded,
                long nowNanos, boolean replayed) {
        State state;
        double label;
        Double before = early.remove(frameIndex);
        if (follows) {
            label = before == null ? Double.NaN : before;
            state = before == null ? State.PENDING : Double.isNaN(label) ? State.NONE : State.KNOWN;
        } else {
            label = inline;
            state = Double.isNaN(inline) ? State.NONE : State.KNOWN;
        }
        Entry e = new Entry(arrivals++, offset, frameIndex, responses, state, label, follows, decoded, nowNanos,
                replayed);
        queue.addLast(e);
        admitted.add(frameIndex);
        return e;
    }

    /** The label came for a frame of this session; see {@link Offer}. */
    Offer offer(long frameIndex, double angle) {
        Entry known = null;
        for (Entry e : queue) {
            if (e.frameIndex != frameIndex || !e.late) {
                continue;
            }
            if (e.state == State.PENDING) {
                e.state = Double.isNaN(angle) ? State.NONE : State.KNOWN;
                e.label = angle;
                return Offer.MATCHED;
            }
            known = e;
        }
        if (known != null) {
            return Double.compare(known.label, angle) == 0 ? Offer.DUPLICATE : Offer.UNMATCHED;
        }
        if (admitted.seen(frameIndex)) {
            // Its frame came and has been learned, given up, or was never flagged.
            return Offer.UNMATCHED;
        }
        Double had = early.get(frameIndex);
        if (had != null) {
            return Double.compare(had, angle) == 0 ? Offer.DUPLICATE : Offer.UNMATCHED;
        }
        if (early.size() >= earlyLimit) {
            return Offer.UNMATCHED;
        }
        early.put(frameIndex, angle);
        return Offer.EARLY;
    }

    /** The first queued LABEL_FOLLOWS entry of frame {@code frameIndex}, or null. */
    Entry lateEntry(long frameIndex) {
        for (Entry e : queue) {
            if (e.late && e.frameIndex == frameIndex) {
                return e;
            }
        }
        return null;
    }

    /** The queued entry of the frame at {@code offset}, or null. */
    Entry atOffset(long offset) {
        for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.offset == offset) {
                return e;
            }
        }
        return null;
    }

    /**
     * The queue as of now, copied (responses too, for frames still to be learned), for a session
     * snapshot; the wait clock is not part of it.
     */
    Saved save(long labelsPosition) {
        java.util.List<Entry> entries = new java.util.ArrayList<>(queue.size());
        for (Entry e : queue) {
            float[] responses = e.state == State.NONE || e.responses == null ? null : e.responses.clone();
            entries.add(e.with(responses, e.decoded.clone(), 0, e.replayed));
        }
        long[] earlyIndex = new long[early.size()];
        double[] earlyAngle = new double[early.size()];
        int i = 0;
        for (Map.Entry<Long, Double> e : early.entrySet()) {
            earlyIndex[i] = e.getKey();
            earlyAngle[i++] = e.getValue();
        }
        long floor = admitted.floor();
        return new Saved(labelsPosition, labelsFrom, arrivals, entries, earlyIndex, earlyAngle, admitted.highest(),
                floor, admitted.gapWords(floor));
    }

    /**
     * A queue as it was saved.
     *
     * @param replayed whether a restored frame at a frame offset was published before (its learning is
     *                 not counted again)
     */
    static LabelQueue restore(String session, int partition, int lag, Saved saved,
                              java.util.function.LongPredicate replayed) {
        LabelQueue q = new LabelQueue(session, partition, lag, saved.labelsFrom(),
                AdmittedIndices.of(saved.highestIndex(), saved.admittedFloor(), saved.admittedWords()));
        q.arrivals = saved.arrivals();
        for (Entry e : saved.entries()) {
            // No arrival time: a restored frame's label wait is not measured.
            q.queue.addLast(e.with(e.responses, e.decoded, RESTORED, replayed.test(e.offset)));
        }
        for (int i = 0; i < saved.earlyIndex().length; i++) {
            q.early.put(saved.earlyIndex()[i], saved.earlyAngle()[i]);
        }
        return q;
    }

    /** {@link Entry#arrivedNanos} of a restored frame: its arrival time is not known. */
    static final long RESTORED = Long.MIN_VALUE;

    /**
     * A session's join state in a snapshot.
     *
     * @param labelsPosition every label record of the partition before this labels offset was offered
     * @param labelsFrom     see {@link #labelsFrom()}
     * @param earlyIndex     early labels' frame indices, in the order they came
     * @param admittedFloor  every frame index below it was admitted; {@code admittedWords} holds the
     *                       record from there to {@code highestIndex}
     */
    record Saved(long labelsPosition, long labelsFrom, long arrivals, java.util.List<Entry> entries,
                 long[] earlyIndex, double[] earlyAngle, long highestIndex, long admittedFloor,
                 long[] admittedWords) {

        /**
         * This state for the variants a session has now: each queued frame's decoded angles, saved in
         * the order of {@code saved}, matched by name; a variant added since has none (NaN: it learns
         * the frame, unscored).
         */
        Saved forVariants(java.util.List<String> saved, java.util.List<String> now) {
            if (saved.equals(now)) {
                return this;
            }
            java.util.List<Entry> mapped = new java.util.ArrayList<>(entries.size());
            for (Entry e : entries) {
                double[] decoded = new double[now.size()];
                for (int i = 0; i < decoded.length; i++) {
                    int from = saved.indexOf(now.get(i));
                    decoded[i] = from < 0 ? Double.NaN : e.decoded[from];
                }
                mapped.add(e.with(e.responses, decoded, e.arrivedNanos, e.replayed));
            }
            return new Saved(labelsPosition, labelsFrom, arrivals, mapped, earlyIndex, earlyAngle, highestIndex,
                    admittedFloor, admittedWords);
        }
    }
}
