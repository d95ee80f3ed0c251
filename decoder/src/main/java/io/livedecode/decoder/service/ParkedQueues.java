package io.livedecode.decoder.service;

import io.livedecode.protocol.Label;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The join side of sessions whose models are out of memory (evicted, or left in their snapshot by
 * recovery until their next frame): the queue until the snapshot holding it is durable, then
 * nothing, and the labels read for the session since its snapshot, in order, to be offered to its
 * queue when it comes back. Loop thread only.
 */
final class ParkedQueues {

    /** A label read for a parked session. */
    record HeldLabel(long offset, Label label, boolean replaying) {
    }

    /** One parked session. */
    static final class Parked {
        final int partition;
        /** The queue while its snapshot is not durable yet; null once it left memory. */
        LabelQueue queue;
        final List<HeldLabel> labels = new ArrayList<>();

        Parked(int partition) {
            this.partition = partition;
        }
    }

    private final Map<String, Parked> parked = new HashMap<>();

    /** The session's queue went into its eviction snapshot; kept here until that is durable. */
    void park(String session, int partition, LabelQueue queue) {
        Parked p = parked.computeIfAbsent(session, s -> new Parked(partition));
        if (queue != null) {
            p.queue = queue;
        }
    }

    /** The session is (also) in its snapshot only. */
    void parkOut(String session, int partition) {
        parked.put(session, new Parked(partition));
    }

    /** The eviction snapshot is durable: the queue leaves memory. */
    void release(String session) {
        Parked p = parked.get(session);
        if (p != null) {
            p.queue = null;
        }
    }

    /** Whether the session must be read back from its snapshot before its join state is there. */
    boolean outOfMemory(String session) {
        Parked p = parked.get(session);
        return p != null && p.queue == null;
    }

    /** The session's parked side, if its queue is still in memory (taking it out of here), else null. */
    Parked takeInMemory(String session) {
        Parked p = parked.get(session);
        return p != null && p.queue != null ? parked.remove(session) : null;
    }

    /** The session's parked side, taken out of here, or null. */
    Parked take(String session) {
        return parked.remove(session);
    }

    /** Holds a label for a parked session: null if it is not parked, false if it already holds {@code bound}. */
    Boolean hold(String session, long offset, Label label, boolean replaying, int bound) {
        Parked p = parked.get(session);
        if (p == null) {
            return null;
        }
        if (p.labels.size() >= bound) {
            return false;
        }
        p.labels.add(new HeldLabel(offset, label, replaying));
        return true;
    }

    void drop(int partition) {
        parked.values().removeIf(p -> p.partition == partition);
    }

    void drop(String session) {
        parked.remove(session);
    }

    /** Queues still in memory here. */
    int inMemory() {
        return (int) parked.values().stream().filter(p -> p.queue != null).count();
    }

    long responsesHeld() {
        return parked.values().stream().filter(p -> p.queue != null).mapToLong(p -> p.queue.responsesHeld()).sum();
    }
}
