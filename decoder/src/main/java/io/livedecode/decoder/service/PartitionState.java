package io.livedecode.decoder.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the loop knows about one assigned frame partition: whether it is recovered, the plan its
 * replay follows, its catalog (the in-memory copy of what the snapshots topic will hold), and the
 * snapshots on their way there. The epoch grows at every rewind, so work started before it (writer
 * jobs, fetched records) is recognised as stale. Loop thread only.
 */
final class PartitionState {

    final TopicPartition tp;
    final int partition;
    int epoch;
    boolean recovered;
    PartitionCatalog catalog;
    RecoveryPlan plan;
    /** Offset committed for this partition by this instance (or found at recovery). */
    long committed = -1;
    /** Next offset to process: one past the last frame handled (or the seek point). */
    long next;
    int framesSinceRound;
    /** Reads of the committed offset that timed out in a row while the cluster answered other calls. */
    int committedReadsTimedOut;
    /** Sessions whose snapshot is being written or not yet durable: no second one may start. */
    final Set<String> inFlight = new HashSet<>();
    /** Writer jobs submitted and not finished. */
    int jobsQueued;
    /** Finished snapshots not yet in a catalog sent to Kafka. */
    final List<SnapshotWriter.Done> unwritten = new ArrayList<>();
    /** Finished snapshots in the catalog sent last, waiting for it to be durable. */
    final List<SnapshotWriter.Done> sent = new ArrayList<>();
    /** The catalog changed in a way not yet sent (a session evicted without a new snapshot). */
    boolean catalogDirty;
    /** Snapshots to restore when their evicted session's next frame comes. */
    final Map<String, SnapshotManifest> lazy = new HashMap<>();
    /**
     * Late labels: records taken from the consumer but not handled yet, because a frame before them
     * waits for its label; the partition is paused meanwhile. Handled first on the next turn.
     */
    final ArrayDeque<ConsumerRecord<String, byte[]>> held = new ArrayDeque<>();
    /** Late labels: the labels offset recovery reads this partition's labels from. */
    long labelsSeek;
    /** Late labels: labels from this offset on were not counted before recovery; -1 unknown. */
    long labelsCountFrom = -1;
    /** Snapshots found unusable; recovery picks another or rebuilds from frames. */
    final Set<Long> setAside = new HashSet<>();

    PartitionState(TopicPartition tp) {
        this.tp = tp;
        this.partition = tp.partition();
    }

    boolean replaying(long offset) {
        return plan != null && offset < plan.publishFrom();
    }
}
