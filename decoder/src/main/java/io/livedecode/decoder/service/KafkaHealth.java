package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.DecoderMetrics;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka can be reached: false while the consumer has no open connection or a call the
 * loop waits on keeps timing out, true again once the cluster answers. Unreachable is a state to
 * wait out and report ({@code /ready} 503, {@code livedecode_kafka_reachable} 0), not an error.
 */
final class KafkaHealth {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaHealth.class);

    private final DecoderMetrics metrics;
    private volatile boolean reachable = true;
    private long timeoutsSinceAnswer;

    KafkaHealth(DecoderMetrics metrics) {
        this.metrics = metrics;
    }

    boolean reachable() {
        return reachable;
    }

    /** A call to the cluster timed out. */
    void timedOut(String what, Exception e) {
        timeoutsSinceAnswer++;
        if (reachable || timeoutsSinceAnswer % 10 == 1) {
            LOG.warn("Kafka did not answer ({}): {}; waiting for it", what, e.toString());
        }
        set(false);
    }

    /** The cluster answered a call. */
    void answered() {
        timeoutsSinceAnswer = 0;
        set(true);
    }

    /** Reads the consumer's open connection count: zero means every broker is out of reach. */
    void observe(Consumer<?, ?> consumer) {
        for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("connection-count") && name.group().equals("consumer-metrics")) {
                Object value = e.getValue().metricValue();
                if (value instanceof Number n) {
                    if (n.doubleValue() < 1) {
                        set(false);
                    } else if (timeoutsSinceAnswer == 0) {
                        set(true);
                    }
                }
                return;
            }
        }
    }

    private void set(boolean now) {
        if (now != reachable) {
            LOG.info(now ? "Kafka reachable again" : "Kafka unreachable: decoding waits, /ready reports 503");
        }
        reachable = now;
        metrics.kafkaReachable(now);
    }
}
