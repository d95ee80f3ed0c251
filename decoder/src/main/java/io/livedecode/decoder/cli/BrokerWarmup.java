package io.livedecode.decoder.cli;

import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Warms the demo's in-process broker and the Kafka clients' code, which the decoder, the simulator and
 * the demo's monitor share in this one JVM, with throw-away traffic of the session's shape on a scratch
 * topic: frames and decoded-record-sized values produced and fetched back. A broker that has
 * never handled a produce or a fetch, and clients that have never sent or parsed a record, run their
 * first records interpreted: measured here, the first frames of a session then took 80-200 ms for the
 * first hop alone, and the frames behind them queued. A long-running broker has done this long ago;
 * only the embedded one needs it, so only the embedded one gets it.
 */
final class BrokerWarmup {

    static final String TOPIC = "demo.warmup";
    /** Frames sent and read back; each is followed by a small record like a decoded one. */
    static final int FRAMES = 60;
    private static final int DECODED_BYTES = 316;
    /** Frames sent before their records are read back. */
    private static final int BURST = 10;

    private BrokerWarmup() {
    }

    /** Runs the warm-up against {@code bootstrap} for frames of {@code neurons}; returns the time it took. */
    static Duration run(String bootstrap, int neurons) {
        long start = System.nanoTime();
        try (TopicAdmin admin = TopicAdmin.connect(bootstrap)) {
            admin.ensureTopics(List.of(TopicSpec.of(TOPIC, 1)));
        }
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        Map<String, Object> producerProps = Map.of("bootstrap.servers", bootstrap, "linger.ms", 0, "acks", "all",
                "client.id", "livedecode-demo-warmup");
        Map<String, Object> consumerProps = Map.of("bootstrap.servers", bootstrap, "client.id", "livedecode-demo-warmup", "fetch.max.wait.ms", 5);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            SplittableRandom random = new SplittableRandom(17);
            float[] responses = new float[neurons];
            for (int n = 0; n < neurons; n++) {
                responses[n] = (float) random.nextDouble(10);
            }
            byte[] decoded = new byte[DECODED_BYTES];
            int expected = 0;
            int received = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int i = 0; i < FRAMES && System.nanoTime() < deadline; i++) {
                responses[i % neurons] = (float) random.nextDouble(10);
                producer.send(new ProducerRecord<>(TOPIC, "warm-up", FrameCodec.encode(new Frame(i, EpochNanos.now(),
                        random.nextDouble(360), responses))));
                producer.send(new ProducerRecord<>(TOPIC, "warm-up", decoded));
                expected += 2;
                if (i % BURST == BURST - 1 || i == FRAMES - 1) {
                    while (received < expected && System.nanoTime() < deadline) {
                        received += consumer.poll(Duration.ofMillis(100)).count();
                    }
                }
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
