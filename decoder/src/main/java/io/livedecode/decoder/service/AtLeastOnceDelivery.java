package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.Stage;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once: outputs are sent as frames are decoded, each with a callback; a partition's
 * offset is committed (at most every {@code delivery.commit-interval-ms}) only up to the first frame
 * with an unacknowledged output. A send the idempotent producer gave up on rewinds its partition
 * to the last commit, so the frame is decoded and sent again: repeated outputs are identical,
 * none is lost. Catalogs are written once the offsets of the frames their snapshots cover are
 * committed.
 */
final class AtLeastOnceDelivery implements Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(AtLeastOnceDelivery.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final LoopContext ctx;
    private final FrameHandler frames;
    private final SnapshotScheduler snapshots;
    private final Rewinder rewinder;
    private final ProducerErrors errors;
    private final OutputTracker tracker;
    private final java.util.function.BooleanSupplier caughtUp = this::nothingLeftToFetch;
    private final ConcurrentLinkedQueue<Map.Entry<PartitionState, Exception>> catalogAcks = new ConcurrentLinkedQueue<>();
    private long lastCommit = System.nanoTime();

    AtLeastOnceDelivery(LoopContext ctx, FrameHandler frames, SnapshotScheduler snapshots, Rewinder rewinder,
                        ProducerErrors errors) {
        this.ctx = ctx;
        this.frames = frames;
        this.snapshots = snapshots;
        this.rewinder = rewinder;
        this.errors = errors;
        // An acknowledged output is an answer from Kafka: readiness comes back without waiting for a commit.
        this.tracker = new OutputTracker(ctx.health::answered);
    }

    @Override
    public void start() {
    }

    @Override
    public void batch(ConsumerRecords<String, byte[]> records) {
        java.util.Set<TopicPartition> partitions = new java.util.LinkedHashSet<>();
        for (PartitionState ps : ctx.assigned()) {
            if (!ps.held.isEmpty()) {
                partitions.add(ps.tp);
            }
        }
        partitions.addAll(records.partitions());
        int partitionsLeft = partitions.size();
        for (TopicPartition tp : partitions) {
            partitionsLeft--;
            PartitionState ps = ctx.partitions.get(tp.partition());
            if (ps == null || !ps.recovered) {
                continue;
            }
            int epoch = ps.epoch;
            boolean wasHolding = !ps.held.isEmpty();
            List<ConsumerRecord<String, byte[]>> todo = new java.util.ArrayList<>(ps.held);
            ps.held.clear();
            todo.addAll(records.records(tp));
            for (int i = 0; i < todo.size(); i++) {
                ConsumerRecord<String, byte[]> r = todo.get(i);
                if (ps.epoch != epoch || !ps.recovered) {
                    break;  // rewound meanwhile: these records are stale, the partition was sought back
                }
                try {
                    // The last frame of the batch may wait for its acknowledgement before learning if
                    // no later frame is on the broker either (asked only then, after its send).
                    boolean lastOfBatch = partitionsLeft == 0 && i == todo.size() - 1;
                    if (!frames.handleUnlessWaiting(frames.prepare(r, ps), ps, tracker,
                            lastOfBatch ? caughtUp : FrameHandler.BEHIND)) {
                        // A frame before this one waits for its label: keep the rest, in order, and stop fetching.
                        ps.held.addAll(todo.subList(i, todo.size()));
                        break;
                    }
                } catch (RewindException e) {
                    rewind(List.of(ps), e.cause);
                } catch (KafkaException e) {
                    // send() itself failed (buffer full or metadata missing for max.block.ms, or a fatal
                    // producer error): the frame's outputs are incomplete, so decode it again later.
                    errors.afterSendFailure(e);
                    rewind(List.of(ps), "send_failed");
                }
            }
            if (ps.epoch == epoch && ps.recovered && wasHolding != !ps.held.isEmpty()) {
                if (ps.held.isEmpty()) {
                    ctx.consumer.resume(List.of(ps.tp));
                } else {
                    ctx.consumer.pause(List.of(ps.tp));
                }
            }
        }
        snapshots.rounds();
        snapshots.drain();
        Collection<Integer> failed = tracker.failed();
        if (!failed.isEmpty()) {
            rewind(failed.stream().map(ctx.partitions::get).filter(p -> p != null).toList(), "send_failed");
        }
        if (System.nanoTime() - lastCommit >= ctx.config.commitInterval().toNanos()) {
            commit(ctx.assigned());
        }
        writeCatalogs();
    }

    /**
     * Whether the last fetch of every assigned partition that is not paused reported no record
     * beyond what was polled (the consumer's cached lag; unknown counts as none). Paused partitions
     * hold frames for late labels and are not behind. Any error counts as "behind": learn at once.
     */
    private boolean nothingLeftToFetch() {
        try {
            java.util.Set<TopicPartition> paused = ctx.consumer.paused();
            for (TopicPartition tp : ctx.consumer.assignment()) {
                if (!paused.contains(tp) && ctx.consumer.currentLag(tp).orElse(0) > 0) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void rewind(Collection<PartitionState> partitions, String cause) {
        partitions.forEach(ps -> tracker.forget(ps.partition));
        rewinder.rewind(partitions, cause);
    }

    /** Commits what the acknowledgements allow; a timeout is waited out on the next turn. */
    private void commit(Collection<PartitionState> partitions) {
        lastCommit = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<PartitionState, Long> next = new HashMap<>();
        for (PartitionState ps : partitions) {
            if (!ps.recovered) {
                continue;
            }
            OptionalLong up = tracker.committable(ps.partition);
            if (up.isPresent() && up.getAsLong() > ps.committed) {
                offsets.put(ps.tp, new OffsetAndMetadata(up.getAsLong()));
                next.put(ps, up.getAsLong());
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            ctx.consumer.commitSync(offsets, COMMIT_TIMEOUT);
            ctx.stages.loopWork(Stage.COMMIT, System.nanoTime() - start);
            next.forEach((ps, offset) -> ps.committed = offset);
            ctx.health.answered();
        } catch (TimeoutException e) {
            // Retriable by contract: the same offsets are committed again on the next turn.
            ctx.health.timedOut("commitSync", e);
        } catch (RebalanceInProgressException | CommitFailedException | RetriableException e) {
            // The group is rebalancing or the coordinator moved: the revoke callback or the next turn commits.
            LOG.info("commit postponed: {}", e.toString());
        }
    }

    private void writeCatalogs() {
        Map.Entry<PartitionState, Exception> ack;
        while ((ack = catalogAcks.poll()) != null) {
            PartitionState ps = ack.getKey();
            if (ctx.partitions.get(ps.partition) != ps) {
                continue;
            }
            if (ack.getValue() == null) {
                snapshots.durable(ps);
            } else {
                LOG.warn("{}: catalog not written: {}", ps.tp, ack.getValue().toString());
                rewind(List.of(ps), "send_failed");
            }
        }
        for (SnapshotScheduler.CatalogWrite w : snapshots.due(true)) {
            PartitionState ps = w.partition();
            int epoch = ps.epoch;
            ctx.producer.send(w.record(), (md, e) -> {
                if (ps.epoch == epoch) {
                    catalogAcks.add(new java.util.AbstractMap.SimpleImmutableEntry<>(ps, e));
                }
            });
        }
    }

    @Override
    public void revoking(Collection<TopicPartition> partitions) {
        // Outputs in flight for these partitions get their acknowledgement, then their offsets commit,
        // so the next owner starts where this one stopped.
        ctx.producer.flush();
        commit(partitions.stream().map(tp -> ctx.partitions.get(tp.partition())).filter(p -> p != null).toList());
        partitions.forEach(tp -> tracker.forget(tp.partition()));
    }

    @Override
    public boolean settle() {
        ctx.producer.flush();
        commit(ctx.assigned());
        return ctx.assigned().stream().allMatch(ps -> ps.recovered && tracker.settled(ps.partition)
                && ps.committed >= ps.next && !ps.replaying(ps.next));
    }

    @Override
    public boolean writeNow(Collection<SnapshotScheduler.CatalogWrite> writes) {
        try {
            for (SnapshotScheduler.CatalogWrite w : writes) {
                ctx.producer.send(w.record()).get(COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                snapshots.durable(w.partition());
            }
            return true;
        } catch (Exception e) {
            LOG.warn("catalog not written: {}", e.toString());
            rewind(writes.stream().map(SnapshotScheduler.CatalogWrite::partition).toList(), "send_failed");
            return false;
        }
    }

    @Override
    public void finish() {
        ctx.producer.flush();
        commit(ctx.assigned());
    }
}
