package io.livedecode.decoder.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once: one Kafka transaction per poll batch holds the batch's decoded and dead-letter
 * records, the catalogs due (whose snapshots' chunks the writer has already had acknowledged,
 * outside the transaction) and the consumer offsets. {@code read_committed} consumers see each
 * frame's outputs once. Poll, and so every rebalance callback, runs between transactions; so do
 * snapshot rounds and the reading back of an evicted session (either may outlast
 * {@code transaction.timeout.ms}). The error branches follow the producer's contract:
 * <ul>
 * <li>commitTransaction timed out: call it again (allowed after a timeout; abort is not);</li>
 * <li>any other call of the transaction timed out (a send, sendOffsetsToTransaction, abortTransaction):
 *     this producer never finishes that transaction. What it still holds queued (a TxnOffsetCommit whose
 *     wait timed out) would reach the broker whenever it came back, ahead of an abort, and be applied
 *     after the coordinator had moved on; closing is the one other thing the contract allows.</li>
 * <li>any error once commitTransaction was called, or a producer-fatal error (fenced or stale epoch,
 *     e.g. the coordinator aborted our transaction while the broker was away): as for a timeout, close it
 *     and create a new one. Its initTransactions returns only once the coordinator has completed every
 *     earlier transaction of our transactional id (finishing one being committed, aborting one still
 *     open), so what is read back next is settled;</li>
 * <li>any other error before the commit (a refused record, a failed offset commit): abortTransaction;</li>
 * <li>authentication, authorisation, unsupported version, a live twin: stop.</li>
 * </ul>
 * After an abort or a new producer every partition is rewound: its committed offset is read back
 * from the group coordinator (which waits out any transaction still pending on it), so frames a
 * transaction did commit are never published again, and frames it did not are.
 */
final class ExactlyOnceDelivery implements Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceDelivery.class);
    /** Longest a revoke holds transactions back waiting for the rebalance that follows it. */
    private static final long REJOIN_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LoopContext ctx;
    private final FrameHandler frames;
    private final SnapshotScheduler snapshots;
    private final Rewinder rewinder;
    private final ProducerErrors errors;
    /** A transaction is open on the current producer. */
    private boolean open;
    /** commitTransaction was called for the open transaction: from here on it may only be retried. */
    private boolean committing;
    /** The group generation in which partitions were last revoked, or -1 once a later one began. */
    private int revokedInGeneration = -1;
    private long revokedAt;

    ExactlyOnceDelivery(LoopContext ctx, FrameHandler frames, SnapshotScheduler snapshots, Rewinder rewinder,
                        ProducerErrors errors) {
        this.ctx = ctx;
        this.frames = frames;
        this.snapshots = snapshots;
        this.rewinder = rewinder;
        this.errors = errors;
    }

    @Override
    public void start() {
        // Fences a dead instance with the same transactional.id and aborts its open transaction at once.
        errors.initTransactions();
    }

    @Override
    public void batch(ConsumerRecords<String, byte[]> records) {
        snapshots.drain();
        if (awaitingRejoin()) {
            // Decoded later, from where each partition stands: nothing of them has been applied.
            for (TopicPartition tp : records.partitions()) {
                PartitionState ps = ctx.partitions.get(tp.partition());
                if (ps != null && ps.recovered) {
                    ctx.consumer.seek(tp, ps.next);
                }
            }
            return;
        }
        try {
            for (TopicPartition tp : records.partitions()) {
                PartitionState ps = ctx.partitions.get(tp.partition());
                if (ps == null || !ps.recovered) {
                    continue;
                }
                int epoch = ps.epoch;
                for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                    if (ps.epoch != epoch) {
                        break;
                    }
                    FrameHandler.Prepared p = frames.prepare(r, ps);
                    if (frames.needsRestore(p, ps)) {
                        // Reading a snapshot back may take longer than a transaction may stay open.
                        commitOpen();
                        frames.restore(p, ps);
                    }
                    begin();
                    frames.handle(p, ps, null);
                }
            }
            if (open || snapshots.anyDue(false)) {
                begin();
                commitOpen();
            }
            // Models are serialised between transactions, as of the offsets just committed.
            snapshots.rounds();
        } catch (RewindException e) {
            abort(e);
            rewind(e.cause);
        } catch (KafkaException e) {
            failed(e);
        }
    }

    private void begin() {
        if (!open) {
            ctx.producer.beginTransaction();
            open = true;
        }
    }

    /** Commits the open transaction, if any, with every recovered partition's offset and the catalogs due. */
    private void commitOpen() {
        if (!open) {
            return;
        }
        List<SnapshotScheduler.CatalogWrite> catalogs = snapshots.due(false);
        catalogs.forEach(w -> ctx.producer.send(w.record()));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState ps : ctx.assigned()) {
            if (ps.recovered && ps.next > ps.committed) {
                offsets.put(ps.tp, new OffsetAndMetadata(ps.next));
            }
        }
        if (!offsets.isEmpty()) {
            ctx.producer.sendOffsetsToTransaction(offsets, ctx.consumer.groupMetadata());
        }
        committing = true;
        while (true) {
            try {
                ctx.producer.commitTransaction();
                break;
            } catch (TimeoutException e) {
                // The commit may still complete; by contract only a retry (or closing) is allowed now.
                ctx.health.timedOut("commitTransaction", e);
                if (ctx.stopping()) {
                    throw e;
                }
            }
        }
        open = false;
        committing = false;
        ctx.health.answered();
        offsets.forEach((tp, o) -> ctx.partitions.get(tp.partition()).committed = o.offset());
        catalogs.forEach(w -> snapshots.durable(w.partition()));
        ctx.outputs.committed();
    }

    private void failed(KafkaException e) {
        ctx.outputs.aborted();
        if (ProducerErrors.fatalForService(e)) {
            throw new ProducerErrors.FatalException("Kafka refuses this service: " + e, e);
        }
        if (ctx.stopping()) {
            // The loop ends and closes the producer; the next owner's initTransactions settles the transaction.
            return;
        }
        if (committing || ProducerErrors.fatalForProducer(e) || ProducerErrors.timedOut(e)) {
            // After commitTransaction abort is not allowed; a fenced producer cannot abort; a timed-out call
            // leaves requests queued that must not reach the broker later. The new producer's
            // initTransactions completes or aborts the transaction on the coordinator.
            replaceProducer(e);
            rewind("producer_recreated");
            return;
        }
        abort(e);
        rewind("transaction_aborted");
    }

    private void abort(Exception why) {
        ctx.outputs.aborted();
        if (!open) {
            return;
        }
        LOG.warn("aborting the transaction: {}", why.toString());
        try {
            ctx.producer.abortTransaction();
            open = false;
        } catch (TimeoutException e) {
            // Kafka went away during the abort. Calling it again is allowed, but the producer would then send
            // what it still holds once the broker is back; closing it is the other way out, and the new
            // producer's initTransactions aborts the transaction on the coordinator.
            ctx.health.timedOut("abortTransaction", e);
            if (ctx.stopping()) {
                throw e;
            }
            replaceProducer(e);
        } catch (KafkaException e) {
            if (ProducerErrors.fatalForService(e)) {
                throw new ProducerErrors.FatalException("Kafka refuses this service: " + e, e);
            }
            // Fenced (the coordinator aborted it already) or otherwise unable to abort: a new producer
            // aborts whatever is left of the transaction.
            replaceProducer(e);
        }
    }

    private void replaceProducer(Exception why) {
        open = false;
        committing = false;
        errors.recreate(why);
    }

    private void rewind(String cause) {
        rewinder.rewind(ctx.assigned(), cause);
    }

    /**
     * True between a revoke and the rebalance that follows it. A member that gives partitions up joins
     * the group again at once (the cooperative protocol moves them in two rebalances); the offsets of a
     * transaction committed meanwhile carry the generation of the first, which the coordinator refuses
     * once the second has completed (CommitFailedException). That transaction would be aborted and every
     * partition in it rebuilt, the ones this member keeps included; so none begins until the member is in
     * a later generation, or {@link #REJOIN_WAIT_NANOS} has passed (then a refusal only costs a rewind).
     */
    private boolean awaitingRejoin() {
        if (revokedInGeneration < 0) {
            return false;
        }
        if (ctx.consumer.groupMetadata().generationId() > revokedInGeneration
                || System.nanoTime() - revokedAt > REJOIN_WAIT_NANOS) {
            revokedInGeneration = -1;
            return false;
        }
        return true;
    }

    @Override
    public void revoking(Collection<TopicPartition> partitions) {
        // Called inside poll, between transactions: everything handled is committed already. The
        // consumer's group metadata already has the generation of the rebalance revoking them.
        revokedInGeneration = ctx.consumer.groupMetadata().generationId();
        revokedAt = System.nanoTime();
    }

    @Override
    public boolean settle() {
        return !open && ctx.assigned().stream().allMatch(ps -> ps.recovered && ps.committed >= ps.next
                && !ps.replaying(ps.next));
    }

    @Override
    public boolean writeNow(Collection<SnapshotScheduler.CatalogWrite> writes) {
        try {
            begin();
            writes.forEach(w -> ctx.producer.send(w.record()));
            commitOpen();
            writes.forEach(w -> snapshots.durable(w.partition()));
            return true;
        } catch (KafkaException e) {
            failed(e);
            return false;
        }
    }

    @Override
    public void finish() {
    }
}
