package io.livedecode.decoder.bench;

import io.livedecode.kafka.WholeTopic;
import io.livedecode.protocol.EpochNanos;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumes a topic from its current end and records, per arriving record, the time since the
 * moment the record says it was acquired: the latency any downstream consumer would see.
 */
final class ArrivalRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final ToLongFunction<byte[]> acquiredNanos;

    ArrivalRecorder(String bootstrap, String topic, ToLongFunction<byte[]> acquiredNanos) {
        this.acquiredNanos = acquiredNanos;
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed",
                "fetch.max.wait.ms", 5), new StringDeserializer(), new ByteArrayDeserializer());
        WholeTopic.assign(consumer, topic, WholeTopic.From.END, Duration.ofSeconds(30));
    }

    /** Polls until {@code count} records arrived or the timeout passed; returns their latencies in ns. */
    long[] collect(int count, Duration timeout) {
        long[] latencies = new long[count];
        int n = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (n < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                long arrival = EpochNanos.now();
                if (n < count) {
                    latencies[n++] = arrival - acquiredNanos.applyAsLong(record.value());
                }
            }
        }
        return Arrays.copyOf(latencies, n);
    }

    /** The q-quantile (nearest rank) of latencies, in milliseconds. */
    static double quantileMillis(long[] latencies, double q) {
        if (latencies.length == 0) {
            return Double.NaN;
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
