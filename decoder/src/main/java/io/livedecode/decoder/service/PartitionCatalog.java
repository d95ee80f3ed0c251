package io.livedecode.decoder.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything recovery needs to know about one frame partition, written as one record of the
 * snapshots topic (see {@link CatalogCodec}): the sessions that have had frames on it, their
 * complete snapshots, and when learning was paused or resumed. Each write replaces the previous
 * catalog, so recovery reads one record instead of folding a history.
 *
 * <p>Invariant: the catalog written at {@link #position} lists every session with a frame before
 * that offset; a session recovery does not find in it started at or after it. Owned by the loop thread.
 */
final class PartitionCatalog {

    /** A change of the learning switch taking effect at a frame offset. */
    record LearningChange(long offset, boolean enabled) {
    }

    private static final int MAX_LEARNING_CHANGES = 1000;

    private final int partition;
    private long generation;
    private long position;
    private final List<LearningChange> learning = new ArrayList<>();
    private final Map<String, CatalogEntry> sessions = new LinkedHashMap<>();
    /** Late labels: the labels offset sessions not listed here need their labels from. */
    private long labelsFrom;
    /** Late labels: the labels reader's next offset when the catalog was written; -1 unknown. */
    private long labelsReadThrough = -1;

    PartitionCatalog(int partition, long generation, long position, List<LearningChange> learning,
                     Map<String, CatalogEntry> sessions) {
        this.partition = partition;
        this.generation = generation;
        this.position = position;
        this.learning.addAll(learning);
        this.sessions.putAll(sessions);
    }

    /** The catalog of a partition nothing is known about yet: everything starts at {@code from}. */
    static PartitionCatalog empty(int partition, long from) {
        return new PartitionCatalog(partition, 0, from, List.of(), Map.of());
    }

    int partition() {
        return partition;
    }

    long generation() {
        return generation;
    }

    long labelsFrom() {
        return labelsFrom;
    }

    long labelsReadThrough() {
        return labelsReadThrough;
    }

    /** Records where the labels stand as the catalog is about to be written. */
    void labels(long from, long readThrough) {
        labelsFrom = from;
        labelsReadThrough = readThrough;
    }

    /** Offset up to which the session list is complete. */
    long position() {
        return position;
    }

    List<LearningChange> learning() {
        return Collections.unmodifiableList(learning);
    }

    Map<String, CatalogEntry> sessions() {
        return Collections.unmodifiableMap(sessions);
    }

    CatalogEntry entry(String session) {
        return sessions.get(session);
    }

    void put(CatalogEntry entry) {
        sessions.put(entry.session(), entry);
    }

    /** Whether learning is on for the frame at {@code offset}. */
    boolean learningAt(long offset) {
        boolean enabled = true;
        for (LearningChange change : learning) {
            if (change.offset() > offset) {
                break;
            }
            enabled = change.enabled();
        }
        return enabled;
    }

    void learningChange(long offset, boolean enabled) {
        learning.removeIf(c -> c.offset() >= offset);
        learning.add(new LearningChange(offset, enabled));
        if (learning.size() > MAX_LEARNING_CHANGES) {
            // Only frames older than every snapshot still need the oldest changes.
            learning.removeFirst();
        }
    }

    /** Marks the catalog as about to be written at {@code at}: the next generation, the new position. */
    void advance(long at) {
        generation++;
        position = Math.max(position, at);
    }

    /** The catalog's record key: two alternating keys, so compaction always leaves the previous one. */
    String key() {
        return key(partition, generation);
    }

    static String key(int partition, long generation) {
        return CatalogCodec.KEY_PREFIX + partition + "/" + ((generation & 1) == 0 ? 'A' : 'B');
    }

    PartitionCatalog copy() {
        PartitionCatalog c = new PartitionCatalog(partition, generation, position, learning, sessions);
        c.labels(labelsFrom, labelsReadThrough);
        return c;
    }
}
