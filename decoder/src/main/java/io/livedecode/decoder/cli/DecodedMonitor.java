package io.livedecode.decoder.cli;

import io.livedecode.decoder.config.KafkaConfig;
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
        /** System.nanoTime() of each record's arrival, beside {@link #latencyNanos}. */
        final List<Long> arrivalNanos = new ArrayList<>();
        final List<Double> errors = new ArrayList<>();
        long records;
        long lastVersion;
        /** Latency of the variant's first record, or -1. */
        long firstLatencyNanos = -1;

        /**
         * The highest latency p99 of any {@code windowNanos} of arrivals from {@code fromNanos} on
         * (System.nanoTime()), in milliseconds, with the start of that window; NaN when none.
         *
         * @return {max p99 ms, window start nanos, windows over limitMillis}
         */
        double[] worstWindowP99(long fromNanos, long windowNanos, double limitMillis) {
            double worst = Double.NaN;
            double worstStart = Double.NaN;
            int over = 0;
            int i = 0;
            int n = arrivalNanos.size();
            while (i < n && arrivalNanos.get(i) < fromNanos) {
                i++;
            }
            for (long start = fromNanos; i < n; start += windowNanos) {
                List<Long> window = new ArrayList<>();
                while (i < n && arrivalNanos.get(i) < start + windowNanos) {
                    window.add(latencyNanos.get(i++));
                }
                if (window.isEmpty()) {
                    continue;
                }
                long[] sorted = window.stream().mapToLong(Long::longValue).sorted().toArray();
                double p99 = sorted[(int) Math.min(sorted.length - 1, 0.99 * sorted.length)] / 1e6;
                if (p99 > limitMillis) {
                    over++;
                }
                if (Double.isNaN(worst) || p99 > worst) {
                    worst = p99;
                    worstStart = start;
                }
            }
            return new double[] {worst, worstStart, over};
        }

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

    /** Hears of every record as it arrives, on the monitor's thread. */
    interface Arrivals {
        Arrivals NONE = (session, frameIndex, acquiredEpochNanos, arrivalEpochNanos) -> { };

        void arrived(String session, long frameIndex, long acquiredEpochNanos, long arrivalEpochNanos);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Arrivals arrivals;
    private final Map<String, VariantFigures> figures = new TreeMap<>();
    private volatile boolean running = true;
    private long firstArrivalNanos = -1;
    private long total;

    /** Reads {@code topic} with the configured cluster, security and {@code kafka.consumer.*} properties. */
    DecodedMonitor(KafkaConfig kafka, String topic) {
        this(kafka, topic, Arrivals.NONE);
    }

    /** As {@link #DecodedMonitor(KafkaConfig, String)}, telling {@code arrivals} of every record. */
    DecodedMonitor(KafkaConfig kafka, String topic, Arrivals arrivals) {
        this.arrivals = arrivals;
        Map<String, Object> props = new java.util.HashMap<>(kafka.clientProperties(kafka.consumer()));
        props.put("isolation.level", "read_committed");
        props.put("client.id", "livedecode-demo-monitor");
        // A reader of the whole topic, not a member of the decoder's group.
        props.keySet().removeIf(k -> k.startsWith("group."));
        props.put("enable.auto.commit", "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        WholeTopic.assign(consumer, topic, WholeTopic.From.BEGINNING, Duration.ofSeconds(30));
    }

    @Override
    public void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = EpochNanos.now();
                    DecodedRecord decoded = DecodedRecord.fromJson(record.value());
                    accept(decoded, now);
                    arrivals.arrived(decoded.session(), decoded.frameIndex(), decoded.acquiredNanos(), now);
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
        long latency = arrivalNanos - record.acquiredNanos();
        if (f.firstLatencyNanos < 0) {
            f.firstLatencyNanos = latency;
        }
        f.latencyNanos.add(latency);
        f.arrivalNanos.add(System.nanoTime());
        if (record.labelled()) {
            f.errors.add(record.errorDegrees());
        }
        trim(f.latencyNanos);
        trim(f.arrivalNanos);
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
