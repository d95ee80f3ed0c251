package io.livedecode.decoder.service;

import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameFormatException;
import io.livedecode.protocol.RejectReason;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One frame record through the decoder, the same in both delivery modes: validate, find (or
 * create, revive or restore) its session, decode, publish unless replaying, learn. Replayed frames
 * before a session's own start are not applied to it (its snapshot has seen them).
 *
 * <p>In two steps, so exactly-once can restore an evicted session's snapshot between transactions
 * (reading one may take longer than a transaction may stay open): {@link #prepare} validates the
 * record, {@link #needsRestore} says whether its session must first be read back, {@link #handle}
 * does the rest.
 */
final class FrameHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);

    /** A record read and validated: a frame of a session, or a refusal. */
    record Prepared(ConsumerRecord<String, byte[]> record, String session, Frame frame, FrameFormatException refused,
                    boolean replaying, long pollWaitNanos, long validateNanos) {
    }

    private final LoopContext ctx;
    private final Recovery recovery;
    private final SnapshotScheduler snapshots;
    private final ArrivalChecks arrivals;
    private final LateLabelSteps lateLabels;

    FrameHandler(LoopContext ctx, Recovery recovery, SnapshotScheduler snapshots) {
        this.ctx = ctx;
        this.recovery = recovery;
        this.snapshots = snapshots;
        this.arrivals = new ArrivalChecks(ctx.config.maxFrameAge(), ctx.config.maxClockSkew(), ctx.metrics);
        this.lateLabels = new LateLabelSteps(ctx);
    }

    Prepared prepare(ConsumerRecord<String, byte[]> record, PartitionState ps) {
        boolean replaying = ps.replaying(record.offset());
        long taken = EpochNanos.now();
        long start = System.nanoTime();
        try {
            String id = FrameValidator.sessionOf(record.key());
            Frame frame = ctx.validator.validate(record.value());
            return new Prepared(record, id, frame, null, replaying, taken - frame.acquiredNanos(),
                    System.nanoTime() - start);
        } catch (FrameFormatException e) {
            return new Prepared(record, null, null, e, replaying, 0, 0);
        }
    }

    /** Whether the frame's session is evicted and its snapshot must be read before the frame can be applied. */
    boolean needsRestore(Prepared p, PartitionState ps) {
        return p.refused() == null && applies(p, ps) && ctx.sessions.inMemory(p.session()) == null
                && ps.lazy.containsKey(p.session());
    }

    /**
     * Reads an evicted session back from its snapshot.
     *
     * @throws RewindException if that snapshot cannot be used (it is set aside; the rebuilt partition
     *                         replays the session from an older one or from its frames)
     */
    void restore(Prepared p, PartitionState ps) {
        SnapshotManifest lazy = ps.lazy.remove(p.session());
        if (lazy != null && !recovery.restore(ps, p.session(), lazy)) {
            throw new RewindException(ps.partition, "snapshot_unusable", "the snapshot of session '" + p.session()
                    + "' restored when its frame came could not be used");
        }
    }

    /**
     * @param tracker at-least-once acknowledgement tracking, or null (exactly-once)
     * @throws RewindException if the partition must be rebuilt before it can go on
     */
    /** For {@link #handleUnlessWaiting}: the loop is behind, learn at once. */
    static final BooleanSupplier BEHIND = () -> false;

    void handle(Prepared p, PartitionState ps, OutputTracker tracker) {
        if (!handleUnlessWaiting(p, ps, tracker, BEHIND)) {
            throw new IllegalStateException("a frame waited for a label with late labels off");
        }
    }

    /**
     * As {@link #handle}, except that with late labels a frame whose session must first learn a
     * frame whose label has not come is not taken: false, and nothing changed; the caller holds
     * the partition's records and offers the frame again once labels were read.
     */
    boolean handleUnlessWaiting(Prepared p, PartitionState ps, OutputTracker tracker, BooleanSupplier caughtUp) {
        ConsumerRecord<String, byte[]> record = p.record();
        long offset = record.offset();
        if (ctx.join != null && p.refused() == null && applies(p, ps) && !refusedByItsSession(p)
                && !lateLabels.ready(p, ps, this)) {
            return false;
        }
        ps.next = offset + 1;
        if (p.refused() != null) {
            reject(p, ps, p.refused(), tracker);
            return true;
        }
        if (!applies(p, ps)) {
            return true;
        }
        if (needsRestore(p, ps)) {
            restore(p, ps);
        }
        Session session;
        try {
            session = sessionFor(p.session(), ps, offset, p.frame().neurons());
        } catch (FrameFormatException e) {
            reject(p, ps, e, tracker);
            return true;
        }
        boolean stale = arrivals.check(session, p.frame(), p.replaying());
        if (ctx.join == null && p.frame().labelFollows() && !p.replaying()) {
            ignoredLabel(session, p.frame());
        }
        if (p.replaying()) {
            ctx.stages.skip();
        } else {
            ctx.stages.begin(session, p.frame().frameIndex(), p.pollWaitNanos(), p.validateNanos());
        }
        FrameProcessor.Result result = ctx.join == null
                ? ctx.processor.decode(session, p.frame(), ps.catalog.learningAt(offset), p.replaying(), stale)
                : ctx.processor.decodeOnly(session, p.frame(), stale);
        if (!p.replaying()) {
            OutputTracker.Frame acks = tracker == null ? null : tracker.frame(ps.partition, offset);
            ctx.outputs.decoded(ctx.producer, result.outputs(), acks);
            if (acks != null && ctx.processor.learns(result) && caughtUp.getAsBoolean()) {
                awaitAcknowledged(acks);
            }
        }
        ctx.processor.learn(result, p.replaying());
        if (ctx.join != null) {
            lateLabels.admit(session, p, ps, result);
        }
        ctx.stages.done();
        session.applied(offset);
        snapshots.applied(ps, p.replaying());
        return true;
    }

    /**
     * Waits (bounded by {@code delivery.learn-after-ack-ms}) for the broker to acknowledge the
     * frame's records, so the learning pass that follows does not take the cores their delivery
     * needs. The records are already sent; an acknowledgement that does not come in time (or a failed
     * send, which the at-least-once delivery rewinds for) only ends the wait.
     */
    private void awaitAcknowledged(OutputTracker.Frame acks) {
        long wait = ctx.config.learnAfterAck().toNanos();
        if (wait <= 0) {
            return;
        }
        long start = System.nanoTime();
        acks.awaitAcknowledged(wait);
        ctx.stages.ackWaited(System.nanoTime() - start);
    }

    /**
     * A frame its session in memory will refuse (another neuron count): its session's due frames are
     * then learned before its next frame, not before this one, so the learning is never done for a
     * frame that is not applied (and the session's snapshot state stays exact).
     */
    private boolean refusedByItsSession(Prepared p) {
        Session known = ctx.sessions.inMemory(p.session());
        return known != null && known.neurons() != p.frame().neurons();
    }

    /** A frame whose label is to follow on the labels topic, while this decoder reads none: decoded, never learned. */
    private void ignoredLabel(Session session, Frame frame) {
        ctx.metrics.labelIgnored();
        if (session.firstLabelFollowsWarning()) {
            LOG.warn("session '{}': frame {} says its label follows on the labels topic, but labels.enabled=false:"
                    + " such frames are decoded and never learned (counted in livedecode_labels_ignored_total)",
                    session.id(), frame.frameIndex());
        }
    }

    private static boolean applies(Prepared p, PartitionState ps) {
        return !p.replaying() || ps.plan.applies(p.session(), p.record().offset());
    }

    private void reject(Prepared p, PartitionState ps, FrameFormatException e, OutputTracker tracker) {
        if (!p.replaying()) {
            // A replayed frame's refusal was dead-lettered the first time.
            ctx.outputs.rejected(ctx.producer, p.record(), e,
                    tracker == null ? null : tracker.frame(ps.partition, p.record().offset()));
        }
    }

    private Session sessionFor(String id, PartitionState ps, long offset, int neurons) throws FrameFormatException {
        Session session = ctx.sessions.live(id);
        if (session == null) {
            session = ctx.sessions.revive(id);
        }
        if (session == null) {
            session = ctx.sessions.create(id, ps.partition, neurons);
            if (ps.catalog.entry(id) == null) {
                ps.catalog.put(CatalogEntry.started(id, offset,
                        ctx.join == null ? 0 : ctx.join.labelsFromFor(id, ps.partition)));
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
