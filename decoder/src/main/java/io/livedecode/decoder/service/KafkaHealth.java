package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.DecoderMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka can be reached. Unreachable is a state to wait out and report ({@code /ready} 503,
 * {@code livedecode_kafka_reachable} 0), not an error. Two kinds of evidence, because the loop may be
 * idle (nothing to time out) or blocked in a call for many seconds (nothing observed by it):
 * <ul>
 * <li>calls the loop waits on: one that timed out makes Kafka unreachable until a later call is
 *     answered (a commit, an acknowledged send, a recovery's reads);</li>
 * <li>the frame consumer's coordinator heartbeats, read once a second by a watcher thread: while its
 *     group member is stable it heartbeats every {@code heartbeat.interval.ms}, so none sent for three
 *     intervals means the coordinator is out of reach; and a heartbeat answered is an answer like any
 *     other, so an idle decoder turns reachable again by itself.</li>
 * </ul>
 * Records returned by {@code poll} are no evidence: they may have been fetched before the broker went.
 * The consumer's metric objects may be read from any thread, so the watcher never calls the consumer.
 */
final class KafkaHealth implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaHealth.class);

    private final DecoderMetrics metrics;
    private final long heartbeatLimitSeconds;
    private final AtomicLong timeoutsSinceAnswer = new AtomicLong();
    private volatile long lastAnswer = System.nanoTime();
    private volatile long lastTimeout = lastAnswer - 1;
    private volatile boolean heartbeatsStale;
    private boolean reported = true;
    private Metric heartbeatAge;
    private Metric heartbeatsAnswered;
    private double answeredBefore = -1;
    private ScheduledExecutorService watcher;

    /** @param heartbeatInterval the frame consumer's {@code heartbeat.interval.ms} */
    KafkaHealth(DecoderMetrics metrics, Duration heartbeatInterval) {
        this.metrics = metrics;
        this.heartbeatLimitSeconds = Math.max(5, 3 * heartbeatInterval.toSeconds());
    }

    boolean reachable() {
        return lastTimeout - lastAnswer < 0 && !heartbeatsStale;
    }

    /** Whether the cluster answered any call, or a heartbeat, after {@code nanos} ({@link System#nanoTime}). */
    boolean answeredSince(long nanos) {
        return lastAnswer - nanos > 0;
    }

    /** A call to the cluster timed out. */
    void timedOut(String what, Exception e) {
        if (reachable() || timeoutsSinceAnswer.get() % 10 == 0) {
            LOG.warn("Kafka did not answer ({}): {}; waiting for it", what, e.toString());
        }
        timeoutsSinceAnswer.incrementAndGet();
        lastTimeout = System.nanoTime();
        report();
    }

    /** The cluster answered a call. Any thread (send acknowledgements arrive on the producer's). */
    void answered() {
        lastAnswer = System.nanoTime();
        timeoutsSinceAnswer.set(0);
    }

    /** Starts watching the consumer's heartbeats, once a second, until {@link #close}. */
    synchronized void watch(Consumer<?, ?> consumer) {
        for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.group().equals("consumer-coordinator-metrics")) {
                if (name.name().equals("last-heartbeat-seconds-ago")) {
                    heartbeatAge = e.getValue();
                } else if (name.name().equals("heartbeat-total")) {
                    heartbeatsAnswered = e.getValue();
                }
            }
        }
        watcher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("livedecode-kafka-health").daemon().factory());
        watcher.scheduleWithFixedDelay(this::observe, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void observe() {
        try {
            double answered = value(heartbeatsAnswered);
            // heartbeat-total counts heartbeat responses received.
            if (answered > answeredBefore && answeredBefore >= 0) {
                answered();
            }
            answeredBefore = answered;
            // -1: no heartbeat yet (joining); readiness then waits for the assignment anyway.
            heartbeatsStale = value(heartbeatAge) > heartbeatLimitSeconds;
            report();
        } catch (RuntimeException e) {
            LOG.debug("reading the consumer's heartbeat metrics: {}", e.toString());
        }
    }

    private static double value(Metric m) {
        return m != null && m.metricValue() instanceof Number n ? n.doubleValue() : -1;
    }

    private synchronized void report() {
        boolean now = reachable();
        if (now != reported) {
            LOG.info(now ? "Kafka reachable again" : "Kafka unreachable: decoding waits, /ready reports 503");
            reported = now;
        }
        metrics.kafkaReachable(now);
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
