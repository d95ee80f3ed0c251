package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.protocol.Topics;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decoder killed with SIGKILL mid-stream and started again restores its models from the
 * latest snapshot, replays the frames after it, and goes on exactly as an uninterrupted decoder
 * would: the same decoded values for every frame, none lost (and, with transactions, none twice).
 */
class RecoveryIT {

    private static final int FRAMES = 600;
    private static final String VARIANTS = "linear,relu50";
    private static EmbeddedKafka kafka;
    private static TrialSource source;
    private static Map<String, Long> reference;

    @BeforeAll
    static void referenceRun() throws Exception {
        kafka = EmbeddedKafka.start();
        source = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(2000).withTrials(FRAMES));
        ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(),
                settings("ref.", "at-least-once", Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                        "http.port", "0"))));
        try (DecoderService service = DecoderService.start(config)) {
            send(config.topics(), 0, FRAMES, 0);
            reference = outputs(config.topics(), 2 * FRAMES, false);
            assertTrue(service.healthy());
        }
        assertEquals(2 * FRAMES, reference.size());
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void killedDecoderResumesExactlyWhereItStopped(String mode, @TempDir Path dir) throws Exception {
        String prefix = mode.replace('-', '_') + ".";
        Topics topics = new Topics(prefix);
        Map<String, String> settings = settings(prefix, mode, Map.of());
        try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
            admin.ensureTopics(List.of(TopicSpec.of(topics.frames(), 1), TopicSpec.of(topics.decoded(), 1),
                    TopicSpec.of(topics.deadLetter(), 1), TopicSpec.compacted(topics.snapshots(), 1)));
        }
        ChildDecoder first = ChildDecoder.serve(kafka.bootstrapServers(), settings, dir.resolve("first.log"));
        try {
            send(topics, 0, FRAMES, 2);
            waitForDecoded(topics, 2 * 330, first);
        } finally {
            first.kill();
        }
        try (ChildDecoder second = ChildDecoder.serve(kafka.bootstrapServers(), settings, dir.resolve("second.log"))) {
            Map<String, Long> after = outputs(topics, 2 * FRAMES, mode.equals("exactly-once"));
            List<String> missing = reference.keySet().stream().filter(k -> !after.containsKey(k)).sorted().toList();
            List<String> differ = reference.keySet().stream()
                    .filter(k -> after.containsKey(k) && !after.get(k).equals(reference.get(k))).sorted().toList();
            assertTrue(missing.isEmpty() && differ.isEmpty() && after.size() == reference.size(),
                    () -> missing.size() + " outputs missing " + head(missing) + ", " + differ.size() + " differ "
                            + head(differ) + "\nfirst decoder:\n" + tail(first) + "\nsecond decoder:\n" + tail(second));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!second.output().contains("recovered in") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(second.output().contains("recovered in"), second.output());
        }
    }

    private static List<String> head(List<String> keys) {
        return keys.subList(0, Math.min(10, keys.size()));
    }

    private static String tail(ChildDecoder child) {
        try {
            String out = child.output();
            return out.substring(Math.max(0, out.length() - 4000));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static Map<String, String> settings(String prefix, String mode, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("topics.prefix", prefix, "topics.partitions", "1",
                "kafka.group.id", prefix + "group", "decoder.variants", VARIANTS, "snapshot.interval-frames", "100",
                "delivery.mode", mode, "delivery.commit-interval-ms", "50", "delivery.max-poll-records", "7"));
        // The killed decoder's group membership lapses after the session timeout; keep it short.
        s.put("kafka.consumer.session.timeout.ms", "6000");
        s.put("kafka.consumer.heartbeat.interval.ms", "1000");
        s.putAll(extra);
        return s;
    }

    private static void send(Topics topics, int from, int to, long pauseMillis) throws InterruptedException {
        try (KafkaProducer<String, byte[]> producer = RigProducer.connect(kafka.bootstrapServers())) {
            for (int k = from; k < to; k++) {
                var t = source.trial(k);
                Frame frame = new Frame(k, 1_000_000_000L * k, t.stimulusDegrees(), t.responses());
                producer.send(new ProducerRecord<>(topics.frames(), "session-r", FrameCodec.encode(frame)));
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        }
    }

    private static void waitForDecoded(Topics topics, int count, ChildDecoder child) throws Exception {
        List<ConsumerRecord<String, byte[]>> got = TopicReader.read(kafka.bootstrapServers(), topics.decoded(), count,
                Duration.ofMinutes(2));
        assertTrue(got.size() >= count, "first decoder produced " + got.size() + " records\n" + child.output());
    }

    /** (variant, frame) -> decoded-value bits xor model version; duplicates must agree. */
    private static Map<String, Long> outputs(Topics topics, int expected, boolean exactlyOnce) {
        // Count distinct outputs: at-least-once may repeat some, which must not end the wait early.
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(kafka.bootstrapServers(), topics.decoded(),
                got -> got.stream().map(r -> r.partition() + "/" + DecodedRecord.fromJson(r.value()).variant() + "#"
                        + DecodedRecord.fromJson(r.value()).frameIndex()).distinct().count() >= expected,
                Duration.ofMinutes(3));
        Map<String, Long> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            DecodedRecord d = DecodedRecord.fromJson(r.value());
            long value = Double.doubleToRawLongBits(d.decodedDegrees()) ^ d.modelVersion();
            Long previous = out.put(d.variant() + "#" + d.frameIndex(), value);
            if (previous != null) {
                assertTrue(!exactlyOnce, "frame " + d.frameIndex() + " of " + d.variant() + " decoded twice");
                assertEquals(previous, value, "a repeated output is identical");
            }
        }
        return out;
    }
}
