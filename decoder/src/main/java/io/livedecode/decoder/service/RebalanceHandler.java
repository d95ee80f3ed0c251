package io.livedecode.decoder.service;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reacts to the group's (cooperative, incremental) rebalances: only the partitions named are
 * touched, so a replica joining or leaving moves, and reloads, only the sessions of the partitions
 * it takes or gives. Nothing escapes into {@code poll}: a partition whose recovery fails (Kafka
 * unreachable, a snapshot that cannot be read) stays paused and is recovered on a later turn.
 */
final class RebalanceHandler implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(RebalanceHandler.class);
    /** How long a revoke waits for this instance's snapshot chunks of the partition to be acknowledged. */
    private static final Duration SNAPSHOT_HANDOVER = Duration.ofSeconds(30);

    private final LoopContext ctx;
    private final Rewinder rewinder;
    private Delivery delivery;

    RebalanceHandler(LoopContext ctx, Rewinder rewinder) {
        this.ctx = ctx;
        this.rewinder = rewinder;
    }

    void delivery(Delivery d) {
        this.delivery = d;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        LOG.info("assigned {}", partitions);
        try {
            for (TopicPartition tp : partitions) {
                ctx.partitions.put(tp.partition(), new PartitionState(tp));
            }
            // Paused until recovered, so poll returns none of their records before the seek.
            ctx.consumer.pause(partitions);
            rewinder.retryPending();
        } catch (RuntimeException e) {
            LOG.warn("recovering {} failed, trying again on the next turn: {}", partitions, e.toString());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        LOG.info("revoked {}", partitions);
        try {
            delivery.revoking(partitions);
        } catch (RuntimeException e) {
            // The next owner replays from the last commit: nothing is lost, some outputs may repeat.
            LOG.warn("last commit for revoked {} failed: {}", partitions, e.toString());
        }
        // The next owner writes these sessions' snapshot slots: none of our chunks may land after its own.
        // All are cancelled first, so no wait below is spent writing a partition that is leaving too.
        partitions.forEach(tp -> ctx.writer.cancel(tp.partition()));
        for (TopicPartition tp : partitions) {
            try {
                if (!ctx.writer.awaitIdle(tp.partition(), SNAPSHOT_HANDOVER)) {
                    // Then a late chunk of ours may displace the next owner's newest snapshot of a session; its
                    // chunks carry their snapshot's id, so that snapshot is set aside and the older slot used.
                    LOG.warn("{}: snapshot chunks still unacknowledged after {}; handing over anyway", tp,
                            SNAPSHOT_HANDOVER);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        // Another member may own them already: nothing may be committed for them, and no more chunks written.
        LOG.info("lost {}", partitions);
        partitions.forEach(tp -> ctx.writer.cancel(tp.partition()));
        forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : List.copyOf(partitions)) {
            PartitionState ps = ctx.partitions.remove(tp.partition());
            if (ps != null) {
                ps.epoch++;
            }
            ctx.sessions.drop(tp.partition());
            if (ctx.join != null) {
                ctx.join.drop(tp.partition());
            }
        }
        ctx.metrics.activeSessions(ctx.sessions.size());
    }
}
