package io.livedecode.decoder.service;

import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameFormatException;
import io.livedecode.protocol.RejectReason;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One frame record through the decoder, the same in both delivery modes: validate, find (or
 * create, revive or restore) its session, decode, publish unless replaying, learn. Replayed frames
 * before a session's own start are not applied to it (its snapshot has seen them).
 */
final class FrameHandler {

    private final LoopContext ctx;
    private final Recovery recovery;
    private final SnapshotScheduler snapshots;

    FrameHandler(LoopContext ctx, Recovery recovery, SnapshotScheduler snapshots) {
        this.ctx = ctx;
        this.recovery = recovery;
        this.snapshots = snapshots;
    }

    /**
     * @param tracker at-least-once acknowledgement tracking, or null (exactly-once)
     * @throws RewindException if the partition must be rebuilt before it can go on
     */
    void handle(ConsumerRecord<String, byte[]> record, PartitionState ps, OutputTracker tracker) {
        long offset = record.offset();
        ps.next = offset + 1;
        boolean replaying = ps.replaying(offset);
        String id;
        Frame frame;
        try {
            id = FrameValidator.sessionOf(record.key());
            frame = ctx.validator.validate(record.value());
        } catch (FrameFormatException e) {
            if (!replaying) {
                ctx.outputs.rejected(ctx.producer, record, e, tracker == null ? null : tracker.frame(ps.partition, offset));
            }
            return;
        }
        if (replaying && !ps.plan.applies(id, offset)) {
            return;
        }
        Session session;
        try {
            session = sessionFor(id, ps, offset, frame.neurons());
        } catch (FrameFormatException e) {
            if (!replaying) {
                ctx.outputs.rejected(ctx.producer, record, e, tracker == null ? null : tracker.frame(ps.partition, offset));
            }
            return;
        }
        FrameProcessor.Result result = ctx.processor.decode(session, frame, ps.catalog.learningAt(offset), replaying);
        if (!replaying) {
            ctx.outputs.decoded(ctx.producer, result.outputs(), tracker == null ? null : tracker.frame(ps.partition, offset));
        }
        ctx.processor.learn(result, replaying);
        session.applied(offset);
        snapshots.applied(ps, offset, replaying);
    }

    private Session sessionFor(String id, PartitionState ps, long offset, int neurons) throws FrameFormatException {
        Session session = ctx.sessions.live(id);
        if (session == null) {
            session = ctx.sessions.revive(id);
        }
        if (session == null) {
            SnapshotManifest lazy = ps.lazy.remove(id);
            if (lazy != null) {
                if (!recovery.restore(ps, id, lazy)) {
                    throw new RewindException(ps.partition, "snapshot_unusable", "the snapshot of session '" + id
                            + "' restored when its frame came could not be used");
                }
                session = ctx.sessions.live(id);
            }
        }
        if (session == null) {
            session = ctx.sessions.create(id, ps.partition, neurons);
            if (ps.catalog.entry(id) == null) {
                ps.catalog.put(CatalogEntry.started(id, offset));
            }
        }
        if (session.neurons() != neurons) {
            throw new FrameFormatException(RejectReason.NEURON_COUNT_MISMATCH, "frame has " + neurons
                    + " neurons, session '" + id + "' was started with " + session.neurons());
        }
        snapshots.evictBeyondLimit(id);
        ctx.metrics.activeSessions(ctx.sessions.size());
        return session;
    }
}
