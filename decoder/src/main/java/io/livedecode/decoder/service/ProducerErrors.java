package io.livedecode.decoder.service;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts Kafka client errors by what can be done about them, and recreates the producer when only a
 * new one can go on. Fatal for the service (stop, {@code /health} 503): authentication,
 * authorisation, an unsupported version, and another live instance holding our group instance id
 * or transactional id. Fatal for one producer only: a fenced or stale epoch (e.g. the coordinator
 * aborted a transaction that outlived its timeout during an outage), a broken sequence: close it,
 * make a new one (which fences nothing but our own dead self) and rewind.
 */
final class ProducerErrors {

    /** An error no retry can fix; the loop ends. */
    static final class FatalException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FatalException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProducerErrors.class);
    /** More fences than this within the window mean a live twin, not our own dead self. */
    private static final int FENCES_TOLERATED = 3;
    private static final Duration FENCE_WINDOW = Duration.ofMinutes(2);

    private final LoopContext ctx;
    private final boolean transactional;
    private final ArrayDeque<Long> fences = new ArrayDeque<>();
    private KafkaClientMetrics producerMetrics;

    ProducerErrors(LoopContext ctx, boolean transactional) {
        this.ctx = ctx;
        this.transactional = transactional;
    }

    static boolean fatalForService(Throwable e) {
        return find(e, AuthenticationException.class) || find(e, AuthorizationException.class)
                || find(e, UnsupportedVersionException.class) || find(e, FencedInstanceIdException.class);
    }

    static boolean fatalForProducer(Throwable e) {
        return find(e, ProducerFencedException.class) || find(e, InvalidProducerEpochException.class)
                || find(e, OutOfOrderSequenceException.class) || find(e, InvalidPidMappingException.class)
                || find(e, UnknownProducerIdException.class)
                || e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("fatal error");
    }

    /** A call to the cluster (or a send it carried) gave up waiting: Kafka may be away. */
    static boolean timedOut(Throwable e) {
        return find(e, TimeoutException.class);
    }

    /** At-least-once: a send failed; a producer that cannot go on is replaced. */
    void afterSendFailure(Throwable e) {
        if (fatalForService(e)) {
            throw new FatalException("Kafka refuses this service: " + e, e);
        }
        if (fatalForProducer(e)) {
            recreate(e);
        }
    }

    /** Replaces the producer: close without waiting, make a new one, fence our own dead transactions. */
    void recreate(Throwable why) {
        if (find(why, ProducerFencedException.class)) {
            long now = System.nanoTime();
            fences.addLast(now);
            while (!fences.isEmpty() && now - fences.peekFirst() > FENCE_WINDOW.toNanos()) {
                fences.removeFirst();
            }
            if (fences.size() > FENCES_TOLERATED) {
                throw new FatalException("fenced " + fences.size() + " times within " + FENCE_WINDOW
                        + ": another live instance uses transactional.id of instance '"
                        + ctx.config.kafka().groupInstanceId() + "'; give each replica its own kafka.group.instance.id", why);
            }
        }
        LOG.warn("replacing the producer after: {}", why.toString());
        try {
            ctx.producer.close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.debug("closing the old producer: {}", e.toString());
        }
        if (producerMetrics != null) {
            producerMetrics.close();
        }
        ctx.producer = ctx.clients.producer(transactional);
        bindMetrics();
        if (transactional) {
            initTransactions();
        }
    }

    /** Registers the current producer's client metrics. */
    void bindMetrics() {
        producerMetrics = new KafkaClientMetrics(ctx.producer);
        producerMetrics.bindTo(ctx.metrics.registry());
    }

    void closeMetrics() {
        if (producerMetrics != null) {
            producerMetrics.close();
        }
    }

    /** initTransactions may time out while Kafka is away; by contract it may be called again. */
    void initTransactions() {
        while (true) {
            try {
                ctx.producer.initTransactions();
                ctx.health.answered();
                return;
            } catch (TimeoutException e) {
                ctx.health.timedOut("initTransactions", e);
                if (ctx.stopping()) {
                    throw e;
                }
            }
        }
    }

    private static boolean find(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
