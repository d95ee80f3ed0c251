package io.livedecode.decoder.service;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds one frame partition's sessions: reads its newest catalog, restores each resident
 * session from its own newest usable snapshot (setting aside any that cannot be restored and
 * falling back to the other slot, or to the frames), and seeks the partition to the earliest
 * frame any session needs (see {@link RecoveryPlan}); with late labels, also their join state, and
 * where the partition's labels are read again from. Only this partition's sessions are touched.
 * Kafka being unreachable ends it with an exception; the partition then stays paused and is
 * tried again.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /**
     * Timed-out reads in a row of a partition's committed offset, while the cluster answered otherwise,
     * from which on every timeout looks for hanging transactions.
     */
    static final int HANGING_CHECK_AFTER = 2;

    private final LoopContext ctx;

    Recovery(LoopContext ctx) {
        this.ctx = ctx;
    }

    void recover(PartitionState ps) {
        TopicPartition tp = ps.tp;
        long started = System.nanoTime();
        ps.recovered = false;
        ps.epoch++;
        // Snapshots begun before are of models about to be dropped.
        ctx.writer.cancel(ps.partition);
        ps.inFlight.clear();
        ps.unwritten.clear();
        ps.sent.clear();
        ps.lazy.clear();
        ps.held.clear();
        ps.jobsQueued = 0;
        ps.catalogDirty = false;
        ps.framesSinceRound = 0;
        ctx.sessions.drop(ps.partition);
        if (ctx.join != null) {
            // Rebuilt with the models: the frames replay through the join and the labels are read again.
            ctx.join.drop(ps.partition);
        }
        Map<TopicPartition, OffsetAndMetadata> committed = committed(ps);
        long beginning = ctx.consumer.beginningOffsets(List.of(tp)).get(tp);
        OffsetAndMetadata c = committed.get(tp);
        PartitionCatalog catalog = ctx.store.newestCatalog(ps.partition);
        if (catalog == null) {
            catalog = PartitionCatalog.empty(ps.partition, beginning);
        }
        Set<String> restored = new HashSet<>();
        RecoveryPlan plan;
        boolean changed;
        do {
            changed = false;
            plan = RecoveryPlan.of(catalog, c == null ? null : c.offset(), beginning, ps.setAside, ctx.join != null);
            // A restored join tells its frames published before (publishFrom is the same in every round) by it.
            ps.plan = plan;
            for (RecoveryPlan.SessionStart start : plan.starts().values()) {
                if (start.manifest() == null || restored.contains(start.session())) {
                    continue;
                }
                if (!start.resident() || ctx.sessions.size() >= ctx.config.maxSessions()) {
                    ps.lazy.put(start.session(), start.manifest());
                    continue;
                }
                if (restore(ps, start.session(), start.manifest())) {
                    restored.add(start.session());
                } else {
                    changed = true;
                    break;
                }
            }
        } while (changed);
        for (RecoveryPlan.SessionStart start : plan.starts().values()) {
            if (start.applyFrom() < beginning) {
                LOG.warn("{}: session '{}' needs frames from offset {} but the partition starts at {}: it is rebuilt"
                        + " from the frames that remain", tp, start.session(), start.applyFrom(), beginning);
            } else if (start.manifest() == null && start.applyFrom() < plan.publishFrom()) {
                LOG.info("{}: session '{}' has no usable snapshot: rebuilding it from offset {}", tp, start.session(),
                        start.applyFrom());
            }
        }
        // Set-aside snapshots leave the catalog, so the next snapshot of their session is not skipped as unchanged.
        for (CatalogEntry e : List.copyOf(catalog.sessions().values())) {
            catalog.put(e.withSnapshots(e.snapshots().stream().filter(m -> !ps.setAside.contains(m.id())).toList()));
        }
        if (ctx.join != null) {
            labels(ps, catalog, plan, restored);
        }
        ps.catalog = catalog;
        ps.plan = plan;
        ps.next = plan.seekTo();
        ps.committed = plan.publishFrom();
        ctx.consumer.seek(tp, plan.seekTo());
        ps.recovered = true;
        ctx.metrics.activeSessions(ctx.sessions.size());
        LOG.info("{}: recovered in {} ms: {} sessions known, {} restored, {} rebuilt from their frames; replaying from"
                + " offset {} up to {}, then publishing", tp, (System.nanoTime() - started) / 1_000_000,
                plan.starts().size(), restored.size(),
                plan.starts().values().stream().filter(s -> s.manifest() == null).count(), plan.seekTo(),
                plan.publishFrom());
    }

    /**
     * Late labels: where the partition's labels are read from (the oldest any session needs: a
     * snapshot's labels position, a rebuilt session's {@code labelsFrom}, or the catalog's for
     * sessions it does not list), which labels each session skips, and from where they are new.
     */
    private void labels(PartitionState ps, PartitionCatalog catalog, RecoveryPlan plan, Set<String> restored) {
        long seek = catalog.labelsFrom();
        for (RecoveryPlan.SessionStart start : plan.starts().values()) {
            String session = start.session();
            if (start.manifest() == null) {
                long from = catalog.entry(session).labelsFrom();
                // Labels before it were for models reset since.
                ctx.join.skipBelow(session, ps.partition, from);
                seek = Math.min(seek, from);
            } else {
                if (!restored.contains(session)) {
                    ctx.join.parkInSnapshot(session, ps.partition, start.manifest().labelsPosition());
                }
                seek = Math.min(seek, start.manifest().labelsPosition());
            }
        }
        ps.labelsSeek = Math.max(0, seek);
        ps.labelsCountFrom = catalog.labelsReadThrough();
        ctx.join.labelsRead(ps.partition, ps.labelsSeek);
    }

    /**
     * Restores one session from a snapshot; false (with the snapshot set aside) if it cannot be. A
     * snapshot of more neurons than {@code validation.max-neurons} now allows is kept but not loaded:
     * every frame of that session is refused anyway, and a build or setting that allows it again
     * finds the snapshot intact.
     */
    boolean restore(PartitionState ps, String session, SnapshotManifest m) {
        try {
            byte[] payload = ctx.store.read(session, ps.partition, m);
            int neurons = SessionSnapshot.neurons(payload);
            if (neurons > ctx.config.maxNeurons()) {
                LOG.warn("{}: session '{}' has {} neurons, more than validation.max-neurons={}: its models stay in"
                        + " its snapshot and its frames are refused", ps.tp, session, neurons, ctx.config.maxNeurons());
                ps.lazy.put(session, m);
                return true;
            }
            SessionSnapshot.Restored r = SessionSnapshot.read(payload);
            Session restored = ctx.sessions.restore(session, ps.partition, r);
            if (ctx.join != null) {
                // Variants may have been added, removed or reordered since the snapshot was written.
                LabelQueue.Saved join = r.join() == null ? null : r.join().forVariants(
                        List.copyOf(r.decoders().keySet()), restored.variants().stream().map(VariantSlot::name).toList());
                ctx.join.restore(session, ps.partition, join, ps::replaying);
            }
            LOG.info("{}: restored session '{}' from its snapshot at offset {} (slot {})", ps.tp, session,
                    m.sourceOffset(), m.slot());
            return true;
        } catch (SnapshotUnusableException e) {
            ps.setAside.add(m.id());
            ctx.setAside(e.reason(), "snapshot of session '" + session + "' at " + ps.tp + " offset "
                    + m.sourceOffset() + " (slot " + m.slot() + "): " + e.getMessage()
                    + "; using an older snapshot or the frames instead");
            return false;
        }
    }

    /**
     * The group's committed offset of the partition. In exactly-once a read_committed read waits while
     * a transaction holding offsets of the group is open; one whose coordinator forgot it never ends, so
     * reads that keep timing out while the cluster answers other calls start a search for such
     * transactions, which aborts them.
     */
    private Map<TopicPartition, OffsetAndMetadata> committed(PartitionState ps) {
        long asked = System.nanoTime();
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = ctx.consumer.committed(Set.of(ps.tp));
            ps.committedReadsTimedOut = 0;
            return committed;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // An outage is waited out, not searched: the count starts again once the cluster answers.
            ps.committedReadsTimedOut = ctx.health.answeredSince(asked) ? ps.committedReadsTimedOut + 1 : 0;
            if (ctx.hanging != null && !ctx.stopping() && ps.committedReadsTimedOut >= HANGING_CHECK_AFTER) {
                LOG.warn("{}: the committed offset was not readable {} times in a row while Kafka answered;"
                        + " looking for a hanging transaction", ps.tp, ps.committedReadsTimedOut);
                int aborted = ctx.hanging.abortHanging();
                if (aborted > 0) {
                    ctx.metrics.hangingTransactionsAborted(aborted);
                    ps.committedReadsTimedOut = 0;
                }
            }
            throw e;
        }
    }
}
