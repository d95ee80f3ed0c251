package io.livedecode.decoder.cli;

import io.livedecode.kafka.WholeTopic;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.EpochNanos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the decoded topic as any downstream consumer would and keeps per-variant figures:
 * records, end-to-end latency (acquisition to arrival here) and prequential errors.
 * Runs on its own thread; readers call the synchronized accessors.
 */
final class DecodedMonitor implements Runnable, AutoCloseable {

    /** Figures of one variant. */
    static final class VariantFigures {
        final List<Long> latencyNanos = new ArrayList<>();
        final List<Double> errors = new ArrayList<>();
        long records;
        long lastVersion;

        /** Latency quantile over the last {@code lastN} records, in milliseconds. */
        double latencyMillis(double quantile, int lastN) {
            int from = Math.max(0, latencyNanos.size() - lastN);
            long[] sorted = latencyNanos.subList(from, latencyNanos.size()).stream().mapToLong(Long::longValue)
                    .sorted().toArray();
            return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, quantile * sorted.length)] / 1e6;
        }

        double medianError(int lastN) {
            int from = Math.max(0, errors.size() - lastN);
            double[] tail = errors.subList(from, errors.size()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (tail.length == 0) {
                return Double.NaN;
            }
            return tail.length % 2 == 1 ? tail[tail.length / 2] : (tail[tail.length / 2 - 1] + tail[tail.length / 2]) / 2;
        }
    }

    /** A demo left running keeps at least this many of the newest figures per variant, and at most twice as many. */
    static final int KEPT = 100_000;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, VariantFigures> figures = new TreeMap<>();
    private volatile boolean running = true;
    private long firstArrivalNanos = -1;
    private long total;

    DecodedMonitor(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "isolation.level", "read_committed",
                "client.id", "livedecode-demo-monitor"), new StringDeserializer(), new ByteArrayDeserializer());
        WholeTopic.assign(consumer, topic, WholeTopic.From.BEGINNING, Duration.ofSeconds(30));
    }

    @Override
    public void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    accept(DecodedRecord.fromJson(record.value()), EpochNanos.now());
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // close() asked us to stop.
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void accept(DecodedRecord record, long arrivalNanos) {
        if (firstArrivalNanos < 0) {
            firstArrivalNanos = System.nanoTime();
        }
        total++;
        VariantFigures f = figures.computeIfAbsent(record.variant(), v -> new VariantFigures());
        f.records++;
        f.lastVersion = record.modelVersion();
        f.latencyNanos.add(arrivalNanos - record.acquiredNanos());
        if (record.labelled()) {
            f.errors.add(record.errorDegrees());
        }
        trim(f.latencyNanos);
        trim(f.errors);
    }

    private static void trim(List<?> values) {
        if (values.size() > 2 * KEPT) {
            values.subList(0, values.size() - KEPT).clear();
        }
    }

    synchronized long total() {
        return total;
    }

    /** System.nanoTime() of the first record's arrival, or -1. */
    synchronized long firstArrivalNanos() {
        return firstArrivalNanos;
    }

    synchronized <T> T read(java.util.function.Function<Map<String, VariantFigures>, T> reader) {
        return reader.apply(figures);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

}
