package io.livedecode.decoder.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin changes that alter which frames a model learns from (reset a session, pause or resume
 * learning). Each takes effect at a partition offset and is recorded in that partition's catalog
 * before it applies, so recovery and replays reproduce it: a reset session's frames before the
 * offset are never applied again, and learning follows the recorded switches frame by frame. A
 * change waits until the partitions are settled (everything before the offset committed); if it
 * cannot be recorded, it is not applied, and the log says so.
 */
final class AdminCommands {

    private static final Logger LOG = LoggerFactory.getLogger(AdminCommands.class);

    private sealed interface Command permits Reset, Learning {
    }

    private record Reset(String session) implements Command {
    }

    private record Learning(boolean enabled) implements Command {
    }

    private final LoopContext ctx;
    private final ConcurrentLinkedQueue<Command> queue = new ConcurrentLinkedQueue<>();

    AdminCommands(LoopContext ctx) {
        this.ctx = ctx;
    }

    void reset(String session) {
        queue.add(new Reset(session));
    }

    void learning(boolean enabled) {
        queue.add(new Learning(enabled));
    }

    /** Runs the queued changes if the partitions are settled; otherwise they wait for a later turn. */
    void run(Delivery delivery, SnapshotScheduler snapshots) {
        if (queue.isEmpty() || !delivery.settle()) {
            return;
        }
        Command c;
        while ((c = queue.poll()) != null) {
            switch (c) {
                case Reset r -> reset(r.session(), delivery, snapshots);
                case Learning l -> learning(l.enabled(), delivery, snapshots);
            }
        }
    }

    private void reset(String session, Delivery delivery, SnapshotScheduler snapshots) {
        int partition = ctx.sessions.partitionOf(session);
        if (partition < 0) {
            // The rig's producer puts a session where Kafka's default partitioner does.
            int count = ctx.consumer.partitionsFor(ctx.config.topics().frames()).size();
            partition = Utils.toPositive(Utils.murmur2(session.getBytes(StandardCharsets.UTF_8))) % count;
        }
        PartitionState ps = ctx.partitions.get(partition);
        if (ps == null || !ps.recovered) {
            LOG.warn("reset of session '{}' ignored: its partition {} is not decoded by this instance", session, partition);
            return;
        }
        // Late labels: labels read before the reset are not fed to the new models, not even after a recovery.
        long labelsFrom = ctx.join == null ? 0 : ctx.join.labelsAt(partition);
        ps.catalog.put(new CatalogEntry(session, ps.next, ps.next, false, List.of(), labelsFrom));
        ps.lazy.remove(session);
        ctx.sessions.reset(session);
        if (ctx.join != null) {
            // Frames queued for the old models are not learned by the new ones.
            ctx.join.drop(session, partition);
        }
        if (delivery.writeNow(List.of(snapshots.now(ps)))) {
            LOG.info("session '{}' reset at {} offset {}: its next frame starts new models", session, ps.tp, ps.next);
        } else {
            LOG.warn("reset of session '{}' could not be recorded; the partition was rebuilt without it", session);
        }
        ctx.metrics.activeSessions(ctx.sessions.size());
    }

    private void learning(boolean enabled, Delivery delivery, SnapshotScheduler snapshots) {
        List<SnapshotScheduler.CatalogWrite> writes = new ArrayList<>();
        for (PartitionState ps : ctx.assigned()) {
            ps.catalog.learningChange(ps.next, enabled);
            writes.add(snapshots.now(ps));
        }
        if (delivery.writeNow(writes)) {
            LOG.info("learning {} on partitions {}", enabled ? "resumed" : "paused", ctx.partitions.keySet());
        } else {
            LOG.warn("learning switch could not be recorded; the partitions were rebuilt without it");
        }
    }
}
