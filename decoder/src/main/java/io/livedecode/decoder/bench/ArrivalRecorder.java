package io.livedecode.decoder.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Polls until {@code count} records arrived or the timeout passed; returns their latencies in ns. */
    long[] collect(int count, Duration timeout) {
        long[] latencies = new long[count];
        int n = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (n < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                long arrival = epochNanos();
                if (n < count) {
                    latencies[n++] = arrival - acquiredNanos.applyAsLong(record.value());
                }
            }
        }
        return Arrays.copyOf(latencies, n);
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
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
