package io.livedecode.decoder.service;

import io.livedecode.protocol.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame handler's late-labels steps: before a frame is decoded, learn its session's frames
 * whose learning point has come (or report that one waits for its label); after, queue it.
 */
final class LateLabelSteps {

    private static final Logger LOG = LoggerFactory.getLogger(LateLabelSteps.class);

    private final LoopContext ctx;

    LateLabelSteps(LoopContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Learns the frames of the record's session due before it; false if one of them waits for its
     * label (then the record must be offered again later).
     */
    boolean ready(FrameHandler.Prepared p, PartitionState ps, FrameHandler handler) {
        if (ctx.join.parked(p.session())) {
            // Evicted with its queue in its snapshot: read back first, so its due frames are learned before this one.
            session(p, ps, handler);
        }
        LabelQueue q = ctx.join.existing(p.session());
        if (q == null) {
            return true;
        }
        while (true) {
            LabelJoin.Next next = ctx.join.next(q);
            switch (next) {
                case LabelJoin.Next.Decode d -> {
                    return true;
                }
                case LabelJoin.Next.Wait w -> {
                    return false;
                }
                case LabelJoin.Next.Learn learn -> learn(learn.entry(), p, ps, handler);
            }
        }
    }

    private void learn(LabelQueue.Entry e, FrameHandler.Prepared p, PartitionState ps, FrameHandler handler) {
        if (e.state != LabelQueue.State.KNOWN) {
            return;
        }
        Session session = session(p, ps, handler);
        if (session == null) {
            // Queues are dropped with their sessions' models, so this is a bug, not bad input.
            LOG.error("session '{}': frame {} is due to be learned but the session has no models here", p.session(),
                    e.frameIndex);
            return;
        }
        ctx.processor.learnLate(session, e, ps.catalog.learningAt(e.offset), e.replayed);
        // Learned: the queue no longer needs the responses.
        e.responses = null;
    }

    private Session session(FrameHandler.Prepared p, PartitionState ps, FrameHandler handler) {
        Session s = ctx.sessions.live(p.session());
        if (s == null) {
            s = ctx.sessions.revive(p.session());
        }
        if (s == null && handler.needsRestore(p, ps)) {
            handler.restore(p, ps);
            s = ctx.sessions.live(p.session());
        }
        return s;
    }

    /** Queues a frame just decoded. */
    void admit(Session session, FrameHandler.Prepared p, PartitionState ps, FrameProcessor.Result result) {
        Frame f = p.frame();
        LabelQueue q = ctx.join.queue(session.id(), ps.partition);
        ctx.join.admit(q, p.record().offset(), f.frameIndex(), f.responses(), f.stimulusDegrees(), f.labelFollows(),
                FrameProcessor.decodedAngles(result), p.replaying());
    }
}
