package io.livedecode.simulator.replay;

import io.livedecode.kafka.WholeTopic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplayIT {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void thousandFramesArriveInOrderWithLabelsAndKeys() throws Exception {
        String topic = "replay-fast";
        create(topic, 3);
        RampSource source = new RampSource(257, 400, 1.8);
        ReplayOptions options = new ReplayOptions("mouse-7", Double.POSITIVE_INFINITY, 0.5, 0, 1000, true, 3);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ReplaySummary summary;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            summary = new Replayer(source, options).run(producer, topic,
                    new ProgressBar(new PrintStream(printed, true, StandardCharsets.UTF_8), false));
        }
        assertEquals(1000, summary.frames());
        assertEquals(1000L * FrameCodec.encodedSize(257), summary.bytes());
        System.out.printf("replay at max speed into the embedded broker: %s%n", summary);

        List<ConsumerRecord<String, byte[]>> records = readAll(topic, 1000);
        assertEquals(1000, records.size());
        long labelled = 0;
        for (int k = 0; k < 1000; k++) {
            ConsumerRecord<String, byte[]> record = records.get(k);
            assertEquals("mouse-7", record.key());
            Frame frame = FrameCodec.decode(record.value());
            assertEquals(k, frame.frameIndex(), "frames in order");
            int trial = k % 400;
            assertEquals(trial + 0.256f, frame.responses()[256], 1e-4);
            if (options.labelled(k)) {
                labelled++;
                assertEquals((trial * 7.5) % 360, frame.stimulusDegrees());
            } else {
                assertTrue(Double.isNaN(frame.stimulusDegrees()));
            }
            if (k > 0) {
                assertTrue(frame.acquiredNanos() >= FrameCodec.decode(records.get(k - 1).value()).acquiredNanos());
            }
        }
        assertEquals(summary.labelled(), labelled);
        assertTrue(labelled > 400 && labelled < 600, "about half labelled: " + labelled);
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("1,000/1,000 frames (100%)"), output);
        assertTrue(output.contains("sent 1,000 frames"), output);
    }

    @Test
    void realTimePacingOfTwentyFramesAtTenHertz() throws Exception {
        String topic = "replay-paced";
        create(topic, 1);
        ReplayOptions options = new ReplayOptions("paced", 1.0, 1.0, 0, 0, false, 1);
        ReplaySummary summary;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            summary = new Replayer(new RampSource(100, 20, 0.1), options).run(producer, topic, ReplayProgress.NONE);
        }
        List<ConsumerRecord<String, byte[]>> records = readAll(topic, 20);
        long first = FrameCodec.decode(records.get(0).value()).acquiredNanos();
        long last = FrameCodec.decode(records.get(19).value()).acquiredNanos();
        double span = (last - first) / 1e9;
        double total = summary.elapsedNanos() / 1e9;
        System.out.printf("20 frames at 10 Hz: first-to-last %.3f s (ideal 1.900), whole replay %.3f s%n", span, total);
        assertEquals(2.0, total, 0.2, "whole replay within 10% of 2 s");
        assertEquals(1.9, span, 0.19, "acquisition stamps 0.1 s apart");
    }

    private static void create(String topic, int partitions) {
        try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
            admin.ensureTopic(TopicSpec.of(topic, partitions));
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            WholeTopic.assign(consumer, topic, WholeTopic.From.BEGINNING, Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (got.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            return got;
        }
    }
}
