package io.livedecode.decoder.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * frame's outputs once. The error branches follow the producer's contract:
 * <ul>
 * <li>commitTransaction timed out: call it again (allowed after a timeout; abort is not);</li>
 * <li>a producer-fatal error (fenced or stale epoch, e.g. the coordinator aborted our transaction
 *     while the broker was away): close it, create a new one, rewind every partition;</li>
 * <li>any other error: abortTransaction (retried on timeout), then rewind every partition to the
 *     last commit (snapshots plus replay rebuild the models the aborted frames had changed);</li>
 * <li>authentication, authorisation, unsupported version, a live twin: stop.</li>
 * </ul>
 */
final class ExactlyOnceDelivery implements Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceDelivery.class);

    private final LoopContext ctx;
    private final FrameHandler frames;
    private final SnapshotScheduler snapshots;
    private final Rewinder rewinder;
    private final ProducerErrors errors;
    private boolean commitTimedOut;

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
        if (records.isEmpty() && !snapshots.anyDue(false)) {
            return;
        }
        try {
            ctx.producer.beginTransaction();
            for (TopicPartition tp : records.partitions()) {
                PartitionState ps = ctx.partitions.get(tp.partition());
                if (ps == null || !ps.recovered) {
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                    frames.handle(r, ps, null);
                }
            }
            commit(snapshots.due(false));
        } catch (RewindException e) {
            abort(e);
            rewind(e.cause);
        } catch (KafkaException e) {
            failed(e);
        }
    }

    private void commit(List<SnapshotScheduler.CatalogWrite> catalogs) {
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
        commitTimedOut = false;
        while (true) {
            try {
                ctx.producer.commitTransaction();
                break;
            } catch (TimeoutException e) {
                // The commit may still complete; by contract only a retry (or closing) is allowed now.
                commitTimedOut = true;
                ctx.health.timedOut("commitTransaction", e);
                if (ctx.stopping()) {
                    throw e;
                }
            }
        }
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
        if (ProducerErrors.fatalForProducer(e) || commitTimedOut) {
            // After a commit timeout abortTransaction is not allowed; a fenced producer cannot abort.
            errors.recreate(e);
            rewind("producer_recreated");
            return;
        }
        abort(e);
        rewind("transaction_aborted");
    }

    private void abort(Exception why) {
        ctx.outputs.aborted();
        LOG.warn("aborting the transaction: {}", why.toString());
        while (true) {
            try {
                ctx.producer.abortTransaction();
                return;
            } catch (TimeoutException e) {
                // As for commit: an abort that timed out may be called again.
                ctx.health.timedOut("abortTransaction", e);
                if (ctx.stopping()) {
                    throw e;
                }
            } catch (KafkaException e) {
                if (ProducerErrors.fatalForService(e)) {
                    throw new ProducerErrors.FatalException("Kafka refuses this service: " + e, e);
                }
                errors.recreate(e);
                return;
            }
        }
    }

    private void rewind(String cause) {
        rewinder.rewind(ctx.assigned(), cause);
    }

    @Override
    public void revoking(Collection<TopicPartition> partitions) {
        // Called inside poll, between transactions: everything handled is committed already.
    }

    @Override
    public boolean settle() {
        return ctx.assigned().stream().allMatch(ps -> ps.recovered && ps.committed >= ps.next
                && !ps.replaying(ps.next));
    }

    @Override
    public boolean writeNow(Collection<SnapshotScheduler.CatalogWrite> writes) {
        try {
            ctx.producer.beginTransaction();
            commit(List.copyOf(writes));
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
