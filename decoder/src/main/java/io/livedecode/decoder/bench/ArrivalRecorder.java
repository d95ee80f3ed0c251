package io.livedecode.decoder.bench;

import io.livedecode.kafka.WholeTopic;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.protocol.FrameFormatException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumes a topic from its current end and records, per frame, when its last record arrived and
 * when the frame was acquired: the latency any downstream consumer would see. Reads frames (a bare
 * hop) or decoded records (one per variant: a frame has arrived when all of them have).
 */
final class ArrivalRecorder implements AutoCloseable {

    /** What arrived for frames {@code first .. first + acquired.length - 1}; 0 where nothing came. */
    record Arrivals(long first, long[] acquired, long[] arrival, long records, long bytes) {

        /** Latencies of the frames that fully arrived, in ns, in frame order. */
        long[] latencies() {
            return java.util.stream.IntStream.range(0, arrival.length).filter(i -> arrival[i] != 0)
                    .mapToLong(i -> arrival[i] - acquired[i]).toArray();
        }

        double meanBytes() {
            return records == 0 ? Double.NaN : (double) bytes / records;
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final boolean decoded;

    /** @param decoded the topic holds decoded records, else frames */
    ArrivalRecorder(String bootstrap, String topic, boolean decoded) {
        this.decoded = decoded;
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed",
                "fetch.max.wait.ms", 5), new StringDeserializer(), new ByteArrayDeserializer());
        WholeTopic.assign(consumer, topic, WholeTopic.From.END, Duration.ofSeconds(30));
    }

    /** Polls until every frame's {@code recordsPerFrame} records arrived or the timeout passed. */
    Arrivals collect(long first, int frames, int recordsPerFrame, Duration timeout) {
        long[] acquired = new long[frames];
        long[] arrival = new long[frames];
        int[] seen = new int[frames];
        long expected = (long) frames * recordsPerFrame;
        long records = 0;
        long bytes = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                long now = EpochNanos.now();
                long index;
                long acq;
                if (decoded) {
                    DecodedRecord d = DecodedRecord.fromJson(record.value());
                    index = d.frameIndex();
                    acq = d.acquiredNanos();
                } else {
                    try {
                        var f = FrameCodec.decode(record.value());
                        index = f.frameIndex();
                        acq = f.acquiredNanos();
                    } catch (FrameFormatException e) {
                        throw new IllegalStateException(e);
                    }
                }
                int i = (int) (index - first);
                if (i < 0 || i >= frames) {
                    continue;
                }
                records++;
                bytes += record.value().length;
                acquired[i] = acq;
                if (++seen[i] == recordsPerFrame) {
                    arrival[i] = now;
                }
            }
        }
        return new Arrivals(first, acquired, arrival, records, bytes);
    }

    /** The q-quantile (nearest rank) of values in ns, in milliseconds; NaN when empty. */
    static double quantileMillis(long[] nanos, double q) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))] / 1e6;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
