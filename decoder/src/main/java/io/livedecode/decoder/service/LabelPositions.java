package io.livedecode.decoder.service;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the join stands in the labels topic: per labels partition the offset of the next record to
 * offer (every one before was offered, which is what a snapshot's labels position records), and per
 * session the offset below which its labels are skipped (its snapshot already has them, or they
 * came before its reset). Loop thread only.
 */
final class LabelPositions {

    private record Skip(int partition, long below) {
    }

    private final Map<Integer, Long> next = new HashMap<>();
    private final Map<String, Skip> skip = new HashMap<>();

    long next(int partition) {
        return next.getOrDefault(partition, 0L);
    }

    void read(int partition, long nextOffset) {
        next.put(partition, nextOffset);
    }

    void skipBelow(String session, int partition, long offset) {
        skip.put(session, new Skip(partition, offset));
    }

    boolean skips(String session, long offset) {
        Skip s = skip.get(session);
        return s != null && offset < s.below();
    }

    void drop(int partition) {
        skip.values().removeIf(s -> s.partition() == partition);
    }
}
