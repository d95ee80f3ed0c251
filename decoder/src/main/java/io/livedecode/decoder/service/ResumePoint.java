package io.livedecode.decoder.service;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a newly assigned frame partition resumes: the models restored from snapshots have seen the
 * frames before {@code seekTo}; frames from there up to {@code committed} were already published,
 * so they only rebuild the models; publishing resumes at {@code committed}.
 */
record ResumePoint(long seekTo, long committed) {

    /** True when frames must be replayed to bring restored models up to the committed offset. */
    boolean replays() {
        return seekTo < committed;
    }

    /**
     * @param snapshotOffset the newest snapshot's next offset for this partition, or null if none
     * @param committed      the group's committed offset, or null if it has none
     * @param beginning      the partition's first offset
     */
    static ResumePoint of(Long snapshotOffset, OffsetAndMetadata committed, long beginning) {
        // Nothing committed yet: every frame still to come is new, from the partition's start.
        long publishFrom = committed == null ? beginning : committed.offset();
        long modelsFrom = snapshotOffset == null ? beginning : snapshotOffset;
        return new ResumePoint(Math.min(modelsFrom, publishFrom), publishFrom);
    }

    static ResumePoint of(TopicPartition tp, Map<Integer, Long> snapshotOffsets,
                          Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> beginning) {
        return of(snapshotOffsets.get(tp.partition()), committed.get(tp), beginning.getOrDefault(tp, 0L));
    }
}
