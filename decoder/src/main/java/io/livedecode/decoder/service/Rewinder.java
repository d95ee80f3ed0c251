package io.livedecode.decoder.service;

import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes partitions back to their last commit: their sessions are dropped and rebuilt from snapshots
 * and the frames after them, which gives the same models and, once replay reaches the commit, the
 * same outputs as before. A partition whose recovery cannot reach Kafka stays paused and is tried
 * again on the next loop turn.
 */
final class Rewinder {

    private static final Logger LOG = LoggerFactory.getLogger(Rewinder.class);

    private final LoopContext ctx;
    private final Recovery recovery;

    Rewinder(LoopContext ctx, Recovery recovery) {
        this.ctx = ctx;
        this.recovery = recovery;
    }

    void rewind(Collection<PartitionState> partitions, String cause) {
        for (PartitionState ps : List.copyOf(partitions)) {
            LOG.warn("{}: rewinding to its last commit ({})", ps.tp, cause);
            ctx.metrics.rewound(cause);
            ps.recovered = false;
            ps.epoch++;
            ctx.writer.cancel(ps.partition);
            ctx.sessions.drop(ps.partition);
            ctx.consumer.pause(List.of(ps.tp));
        }
        retryPending();
    }

    /** Recovers partitions that are not recovered yet; those Kafka cannot serve now wait. */
    void retryPending() {
        for (PartitionState ps : List.copyOf(ctx.assigned())) {
            if (ps.recovered) {
                continue;
            }
            try {
                recovery.recover(ps);
                ctx.consumer.resume(List.of(ps.tp));
                ctx.health.answered();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                ctx.health.timedOut("recovering " + ps.tp, e);
                return;
            } catch (RuntimeException e) {
                // Nothing may escape into the poll loop: the partition stays paused and is tried again next turn.
                LOG.warn("{}: recovery failed, trying again: {}", ps.tp, e.toString());
                return;
            }
        }
    }
}
