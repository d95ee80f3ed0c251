package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.Stage;
import io.livedecode.decoder.model.SnapshotStaging;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when sessions are snapshotted and when catalogs are written. Once a partition has had
 * {@code snapshot.interval-frames} frames, at the end of the poll batch each of its live sessions that
 * changed since its newest snapshot is captured on the loop thread (its models' arrays copied) and
 * handed to the {@link SnapshotWriter}, which serialises it into the slot its newest snapshot does not
 * use; sessions beyond the limit or idle are evicted the same way. Finished snapshots enter the partition's catalog, which is written when the delivery
 * mode allows it. One snapshot per session is in flight at a time, so the slot being overwritten is
 * never the one the newest durable manifest names.
 */
final class SnapshotScheduler {

    /** A catalog on its way to the snapshots topic. */
    record CatalogWrite(PartitionState partition, ProducerRecord<String, byte[]> record) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotScheduler.class);

    private final LoopContext ctx;
    /**
     * Stagings the writer has finished with, for the next captures: each keeps its arrays (a relu200
     * session's 19 MB), so steady snapshots allocate no new big array on the loop thread. One per
     * snapshot in flight at most; a cancelled job's staging is left to the collector.
     */
    private final Queue<SnapshotStaging> stagings = new ConcurrentLinkedQueue<>();

    /** Set once the loop thread has captured a snapshot: a staging prepared after that would be one too many. */
    private volatile boolean capturedYet;

    SnapshotScheduler(LoopContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Makes a staging of {@code size} ready for the next capture (from any thread): the size the
     * warm-up's session snapshot needed, so the first snapshot of a session like it grows no array on
     * the loop thread. Nothing for an empty size, or once a capture has made a staging of its own.
     */
    void prepareStaging(SnapshotStaging.Size size) {
        if (!size.isEmpty() && !capturedYet) {
            stagings.offer(new SnapshotStaging(size));
        }
    }

    /** After each frame: counts towards the partition's next snapshot round. */
    void applied(PartitionState ps, boolean replaying) {
        if (!replaying) {
            ps.framesSinceRound++;
        }
    }

    /**
     * Between poll batches (in exactly-once, after the batch's transaction committed, so the models
     * are serialised outside any transaction): each partition whose interval is reached snapshots its
     * sessions that changed, as of its next offset.
     */
    void rounds() {
        for (PartitionState ps : ctx.assigned()) {
            if (!ps.recovered || ps.framesSinceRound < ctx.config.snapshotIntervalFrames() || ps.replaying(ps.next)) {
                continue;
            }
            ps.framesSinceRound = 0;
            for (Session s : List.copyOf(ctx.sessions.liveOn(ps.partition))) {
                if (changed(ps, s)) {
                    // Every frame before ps.next is in the session's models or not its own.
                    submit(ps, s, ps.next, false);
                }
            }
        }
    }

    /** Sessions beyond the limit make room, least recently used first. */
    void evictBeyondLimit(String keep) {
        for (Session s : ctx.sessions.overLimit(keep)) {
            PartitionState ps = ctx.partitions.get(s.partition());
            if (ps != null && ps.recovered) {
                // Every frame before ps.next is in the session's models or not its own.
                evict(ps, s, ps.next);
            }
        }
    }

    /** Sessions without a frame for the idle time leave memory. */
    void evictIdle() {
        long before = System.nanoTime() - ctx.config.sessionIdleTimeout().toNanos();
        for (Session s : ctx.sessions.idleSince(before)) {
            PartitionState ps = ctx.partitions.get(s.partition());
            if (ps != null && ps.recovered && !ps.replaying(ps.next)) {
                LOG.info("session '{}' idle for {}: evicting it", s.id(), ctx.config.sessionIdleTimeout());
                evict(ps, s, ps.next);
            }
        }
    }

    private void evict(PartitionState ps, Session s, long sourceOffset) {
        if (ps.inFlight.contains(s.id())) {
            return;
        }
        LabelQueue q = ctx.join == null ? null : ctx.join.existing(s.id());
        if (q != null && q.isWaiting()) {
            // Its next frame is held for a label: evicted now, it would be read back for that frame at once,
            // and its wait (labels.max-wait-ms) would start again. It stays until the wait ends.
            return;
        }
        if (changed(ps, s)) {
            submit(ps, s, sourceOffset, true);
            ctx.sessions.evict(s);
        } else {
            // Its newest snapshot is durable and still current: nothing to write.
            ctx.sessions.evict(s);
            ctx.sessions.evicted(s.id());
            if (ctx.join != null) {
                ctx.join.park(s.id(), ps.partition);
                ctx.join.release(s.id());
            }
            ps.lazy.put(s.id(), ps.catalog.entry(s.id()).newest());
            ps.catalogDirty = true;
        }
        ctx.metrics.activeSessions(ctx.sessions.size());
    }

    private boolean changed(PartitionState ps, Session s) {
        if (ps.inFlight.contains(s.id())) {
            return false;
        }
        CatalogEntry e = ps.catalog.entry(s.id());
        SnapshotManifest newest = e == null ? null : e.newest();
        if (newest == null || s.lastFrameOffset() >= newest.sourceOffset()) {
            return true;
        }
        if (ctx.join == null) {
            return false;
        }
        // Late labels: a label offered since also changed what the snapshot must hold.
        LabelQueue q = ctx.join.existing(s.id());
        return !newest.hasJoinState() || q != null && q.lastLabelOffset() >= newest.labelsPosition();
    }

    private void submit(PartitionState ps, Session s, long sourceOffset, boolean eviction) {
        CatalogEntry e = ps.catalog.entry(s.id());
        SnapshotManifest newest = e == null ? null : e.newest();
        char slot = newest == null ? 'A' : SnapshotManifest.otherSlot(newest.slot());
        long start = System.nanoTime();
        capturedYet = true;
        SnapshotStaging staging = stagings.poll();
        if (staging == null) {
            staging = new SnapshotStaging();
        }
        staging.reset();
        LabelQueue.Saved join = ctx.join == null ? null : ctx.join.save(s.id(), ps.partition);
        SessionSnapshot.Captured captured = SessionSnapshot.capture(s, staging, join);
        if (eviction && ctx.join != null) {
            // The queue is in the snapshot: labels read from now on wait for the session to come back.
            ctx.join.park(s.id(), ps.partition);
        }
        ctx.stages.loopWork(Stage.SNAPSHOT, System.nanoTime() - start);
        SnapshotStaging used = staging;
        ctx.writer.submit(new SnapshotWriter.Job(ps.partition, ctx.store.partitionFor(ps.partition), ps.epoch, s.id(),
                slot, sourceOffset, new SnapshotWriter.Payload() {
                    @Override
                    public int length() {
                        return captured.length();
                    }

                    @Override
                    public void writeTo(byte[] dst) {
                        try {
                            captured.writeTo(dst);
                        } finally {
                            stagings.offer(used);
                        }
                    }
                }, eviction, join == null ? -1 : join.labelsPosition()));
        ps.inFlight.add(s.id());
        ps.jobsQueued++;
    }

    /** Takes in what the writer finished. */
    void drain() {
        SnapshotWriter.Done done;
        while ((done = ctx.writer.poll()) != null) {
            SnapshotWriter.Job job = done.job();
            PartitionState ps = ctx.partitions.get(job.sourcePartition());
            if (ps == null || ps.epoch != job.epoch()) {
                continue;
            }
            ps.jobsQueued--;
            if (done.failure() != null) {
                ps.inFlight.remove(job.session());
                if (job.eviction()) {
                    ctx.sessions.revive(job.session());
                }
            } else {
                ps.unwritten.add(done);
                ctx.metrics.snapshotWritten();
            }
        }
    }

    /**
     * Catalogs ready to be written: finished snapshots whose round is complete, or other changes.
     *
     * @param committedOnly at-least-once: only snapshots of frames whose outputs are committed, so
     *                      recovery never restores a model ahead of what was published
     */
    List<CatalogWrite> due(boolean committedOnly) {
        List<CatalogWrite> writes = new ArrayList<>();
        for (PartitionState ps : ctx.assigned()) {
            if (isDue(ps, committedOnly)) {
                writes.add(new CatalogWrite(ps, build(ps)));
            }
        }
        return writes;
    }

    boolean anyDue(boolean committedOnly) {
        return ctx.assigned().stream().anyMatch(ps -> isDue(ps, committedOnly));
    }

    private static boolean isDue(PartitionState ps, boolean committedOnly) {
        if (!ps.recovered || !ps.sent.isEmpty()) {
            return false;
        }
        boolean ready = !ps.unwritten.isEmpty() && ps.jobsQueued == 0;
        long newest = ps.unwritten.stream().mapToLong(d -> d.job().sourceOffset()).max().orElse(-1);
        return !(committedOnly && newest > ps.committed) && (ready || ps.catalogDirty);
    }

    /** The partition's catalog as it stands, to be written now (admin changes). */
    CatalogWrite now(PartitionState ps) {
        return new CatalogWrite(ps, build(ps));
    }

    private ProducerRecord<String, byte[]> build(PartitionState ps) {
        PartitionCatalog c = ps.catalog;
        for (SnapshotWriter.Done d : ps.unwritten) {
            CatalogEntry e = c.entry(d.job().session());
            // A snapshot taken before the session's reset describes models that no longer exist.
            if (e != null && d.job().sourceOffset() > e.freshFrom()) {
                c.put(e.withSnapshot(d.manifest(), d.job().sourceOffset()));
            }
        }
        for (CatalogEntry e : List.copyOf(c.sessions().values())) {
            Session s = ctx.sessions.inMemory(e.session());
            SnapshotManifest newest = e.newest();
            boolean quiet = newest != null && (s == null || s.lastFrameOffset() < newest.sourceOffset());
            CatalogEntry updated = e.withResident(ctx.sessions.isLive(e.session()));
            c.put(quiet ? updated.withValidThrough(ps.next) : updated);
        }
        if (ctx.join != null) {
            // After a recovery the reader re-reads labels from an older offset: what was counted before stays counted.
            c.labels(ctx.join.uncataloguedLabelsFrom(ps.partition, id -> c.entry(id) != null),
                    Math.max(c.labelsReadThrough(), ctx.join.labelsAt(ps.partition)));
        }
        c.advance(ps.next);
        ps.sent.addAll(ps.unwritten);
        ps.unwritten.clear();
        ps.catalogDirty = false;
        return new ProducerRecord<>(ctx.config.topics().snapshots(), ctx.store.partitionFor(ps.partition), c.key(),
                CatalogCodec.encode(c, ctx.join != null));
    }

    /** The catalog sent last for the partition is durable: its snapshots count, evicted models may go. */
    void durable(PartitionState ps) {
        for (SnapshotWriter.Done d : ps.sent) {
            ps.inFlight.remove(d.job().session());
            if (d.job().eviction() && !ctx.sessions.isLive(d.job().session())) {
                ctx.sessions.evicted(d.job().session());
                if (ctx.join != null) {
                    ctx.join.release(d.job().session());
                }
                ps.lazy.put(d.job().session(), d.manifest());
            }
        }
        ps.sent.clear();
    }
}
