package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.protocol.Topics;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Admin changes survive crashes and the replays after them: learning is paused, a session is reset,
 * learning is resumed, with a SIGKILL right after the pause and reset are recorded and another
 * mid-stream after the resume. Every decoded record (angle, error, model version) equals that of
 * an uninterrupted decoder given the same changes at the same frames.
 */
class AdminPersistenceIT {

    private static final String TOKEN = "admin-test-token";
    private static final String VARIANTS = "linear,relu50";
    private static final int STEPS = 300;
    private static final Pattern PORT = Pattern.compile("live page http://localhost:(\\d+)/");
    private static EmbeddedKafka kafka;
    private static TrialSource source;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        source = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(600).withTrials(STEPS));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void pauseResetAndResumeSurviveRestarts(String mode, @TempDir Path dir) throws Exception {
        String prefix = "admin_" + mode.replace('-', '_') + ".";
        Topics topics = new Topics(prefix);
        createTopics(topics);
        Map<String, String> settings = new HashMap<>(Map.of("topics.prefix", prefix, "topics.partitions", "1",
                "kafka.group.id", prefix + "group", "decoder.variants", VARIANTS, "snapshot.interval-frames", "30",
                "delivery.mode", mode, "delivery.commit-interval-ms", "50", "admin.token", TOKEN,
                "kafka.group.instance.id", prefix + "instance"));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ChildDecoder first = ChildDecoder.serve(kafka.bootstrapServers(), settings, dir.resolve("first.log"));
            int port = awaitPort(dir.resolve("first.log"));
            send(producer, topics, 0, 100);
            awaitOutputs(topics, 100);
            post(port, "/admin/learning/pause");
            awaitCatalog(topics, c -> c.learning().size() == 1);
            send(producer, topics, 100, 160);
            awaitOutputs(topics, 160);
            post(port, "/admin/sessions/session-1/reset");
            awaitCatalog(topics, c -> c.entry("session-1") != null && c.entry("session-1").freshFrom() == 2 * 160);
            send(producer, topics, 160, 220);
            // Killed while the frames after the reset are being decoded: the restart replays across both changes.
            Thread.sleep(300);
            first.kill();

            ChildDecoder second = ChildDecoder.serve(kafka.bootstrapServers(), settings, dir.resolve("second.log"));
            port = awaitPort(dir.resolve("second.log"));
            awaitOutputs(topics, 220);
            post(port, "/admin/learning/resume");
            awaitCatalog(topics, c -> c.learning().size() == 2);
            send(producer, topics, 220, STEPS);
            Thread.sleep(400);
            second.kill();

            try (ChildDecoder third = ChildDecoder.serve(kafka.bootstrapServers(), settings, dir.resolve("third.log"))) {
                DecodedOutputs after = DecodedOutputs.read(kafka.bootstrapServers(), topics.decoded(), 2 * 2 * STEPS,
                        mode.equals("exactly-once"), Duration.ofMinutes(3));
                PartitionCatalog catalog = Catalogs.newest(kafka.bootstrapServers(), topics.snapshots(), 0);
                assertNotNull(catalog);
                long paused = catalog.learning().get(0).offset();
                long resumed = catalog.learning().get(1).offset();
                long reset = catalog.entry("session-1").freshFrom();
                assertEquals(List.of(false, true), catalog.learning().stream()
                        .map(PartitionCatalog.LearningChange::enabled).toList());
                // Two sessions, one record each per step: the changes fell where the test made them.
                assertEquals(List.of(200L, 320L, 440L), List.of(paused, reset, resumed));
                DecodedOutputs reference = reference(prefix, paused, reset, resumed);
                after.assertEqualTo(reference, "after pause, reset, resume and two kills; logs in " + dir);
                String log = Files.readString(dir.resolve("third.log"));
                assertTrue(log.contains("recovered in"), log);
                System.out.printf("%s: pause at %d, reset at %d, resume at %d survived two SIGKILLs: %d outputs equal,"
                        + " %d repeated%n", mode, paused, reset, resumed, after.values.size(), after.duplicates);
            }
        }
    }

    /** An uninterrupted in-process decoder given the same changes at the same offsets. */
    private DecodedOutputs reference(String prefix, long paused, long reset, long resumed) throws Exception {
        String refPrefix = prefix + "ref.";
        Topics topics = new Topics(refPrefix);
        createTopics(topics);
        ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "http.port", "0", "topics.prefix", refPrefix,
                "topics.partitions", "1", "kafka.group.id", refPrefix + "group", "decoder.variants", VARIANTS,
                "admin.token", TOKEN, "kafka.group.instance.id", refPrefix + "instance",
                "delivery.commit-interval-ms", "50")));
        try (DecoderService service = DecoderService.start(config);
             KafkaProducer<String, byte[]> producer = producer()) {
            int port = service.httpPort();
            send(producer, topics, 0, (int) paused / 2);
            awaitOutputs(topics, (int) paused / 2);
            post(port, "/admin/learning/pause");
            awaitCatalog(topics, c -> c.learning().size() == 1);
            send(producer, topics, (int) paused / 2, (int) reset / 2);
            awaitOutputs(topics, (int) reset / 2);
            post(port, "/admin/sessions/session-1/reset");
            awaitCatalog(topics, c -> c.entry("session-1") != null && c.entry("session-1").freshFrom() == reset);
            send(producer, topics, (int) reset / 2, (int) resumed / 2);
            awaitOutputs(topics, (int) resumed / 2);
            post(port, "/admin/learning/resume");
            awaitCatalog(topics, c -> c.learning().size() == 2);
            send(producer, topics, (int) resumed / 2, STEPS);
            DecodedOutputs reference = DecodedOutputs.read(kafka.bootstrapServers(), topics.decoded(), 2 * 2 * STEPS,
                    false, Duration.ofMinutes(2));
            PartitionCatalog c = Catalogs.newest(kafka.bootstrapServers(), topics.snapshots(), 0);
            assertEquals(List.of(paused, resumed), c.learning().stream().map(PartitionCatalog.LearningChange::offset)
                    .toList(), "the reference recorded its changes where the test made them");
            assertEquals(reset, c.entry("session-1").freshFrom());
            return reference;
        }
    }

    private void post(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), path + ": " + r.body());
    }

    /** Waits until the decoded topic holds both variants' outputs of both sessions for every step before {@code steps}. */
    private static void awaitOutputs(Topics topics, int steps) {
        DecodedOutputs.read(kafka.bootstrapServers(), topics.decoded(), 2 * 2 * steps, false, Duration.ofMinutes(2));
    }

    private static void awaitCatalog(Topics topics, Predicate<PartitionCatalog> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            PartitionCatalog c = Catalogs.newest(kafka.bootstrapServers(), topics.snapshots(), 0);
            if (c != null && done.test(c)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the admin change was not recorded in the catalog of " + topics.snapshots());
    }

    private static int awaitPort(Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = PORT.matcher(Files.readString(log));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no HTTP port in " + Files.readString(log));
    }

    /** Steps {@code from} to {@code to}: one frame of each of two sessions, on the one partition. */
    private static void send(KafkaProducer<String, byte[]> producer, Topics topics, int from, int to) {
        for (int k = from; k < to; k++) {
            var t = source.trial(k);
            for (int s = 0; s < 2; s++) {
                producer.send(new ProducerRecord<>(topics.frames(), 0, "session-" + s,
                        FrameCodec.encode(new Frame(k, 1_000_000_000L * k, k % 5 == 4 ? Double.NaN : t.stimulusDegrees(),
                                t.responses()))));
            }
        }
        producer.flush();
    }

    private static KafkaProducer<String, byte[]> producer() {
        return RigProducer.connect(kafka.bootstrapServers());
    }

    private static void createTopics(Topics topics) {
        try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
            admin.ensureTopics(List.of(TopicSpec.of(topics.frames(), 1), TopicSpec.of(topics.decoded(), 1),
                    TopicSpec.of(topics.deadLetter(), 1), TopicSpec.compacted(topics.snapshots(), 1)));
        }
    }
}
