package io.livedecode.decoder.service;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three sessions on one partition, a decoder killed with SIGKILL ten times at random points while
 * frames keep coming, half of the kills aimed at a snapshot being written (frequent snapshots, a
 * test-only pause between chunks, the kill sent when the writer logs that it starts): every decoded
 * record equals the uninterrupted run's (angle, error, model version); at-least-once repeats are
 * identical, exactly-once has none. Prints restart-to-ready times (process start to "recovered").
 */
class KillLoopIT {

    private static final int SESSIONS = 3;
    private static final int FRAMES_PER_SESSION = 360;
    private static final int KILLS = 10;
    /** A rehearsing variant among them, so its buffer's restore is compared too. */
    private static final String VARIANTS = "linear-rehearsal,relu50";
    private static EmbeddedKafka kafka;
    private static TrialSource source;
    private static DecodedOutputs reference;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        kafka = EmbeddedKafka.start();
        source = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(1500).withTrials(FRAMES_PER_SESSION));
        Topics topics = new Topics("kill_ref.");
        createTopics(topics);
        ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(),
                settings("kill_ref.", "at-least-once", Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                        "http.port", "0"))));
        try (DecoderService service = DecoderService.start(config)) {
            send(topics, 0, new Semaphore(FRAMES_PER_SESSION));
            reference = DecodedOutputs.read(kafka.bootstrapServers(), topics.decoded(), expected(), false,
                    Duration.ofMinutes(3));
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static int expected() {
        return SESSIONS * FRAMES_PER_SESSION * 2;
    }

    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void everyOutputEqualsTheUninterruptedRun(String mode, @TempDir Path dir) throws Exception {
        String prefix = "kill_" + mode.replace('-', '_') + ".";
        Topics topics = new Topics(prefix);
        createTopics(topics);
        Map<String, String> settings = settings(prefix, mode, Map.of("kafka.group.instance.id", "killed-" + mode));
        List<String> jvm = List.of("-D" + KafkaClients.SNAPSHOT_DELAY_PROPERTY + "=150",
                "-Dorg.slf4j.simpleLogger.log.io.livedecode.decoder.service.SnapshotWriter=debug");
        // The rig streams while each decoder runs: every run that comes up releases its share of the
        // frames (paced), so each kill lands while frames keep coming and snapshots are being taken.
        Semaphore steps = new Semaphore(0);
        Thread rig = Thread.ofPlatform().start(() -> {
            try {
                send(topics, 30, steps);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Random random = new Random(42);
        List<Long> readyMillis = new ArrayList<>();
        int aimedAtWrites = 0;
        StringBuilder logs = new StringBuilder();
        for (int k = 0; k <= KILLS; k++) {
            Path log = dir.resolve("run-" + k + ".log");
            long started = System.nanoTime();
            ChildDecoder child = ChildDecoder.serve(kafka.bootstrapServers(), settings, jvm, log);
            if (!awaitLine(log, "recovered in", Duration.ofSeconds(60))) {
                child.kill();
                throw new AssertionError("run " + k + " never recovered:\n" + Files.readString(log));
            }
            readyMillis.add((System.nanoTime() - started) / 1_000_000);
            steps.release(k == KILLS ? FRAMES_PER_SESSION : FRAMES_PER_SESSION / (KILLS + 1));
            if (k == KILLS) {
                rig.join();
                DecodedOutputs after = DecodedOutputs.read(kafka.bootstrapServers(), topics.decoded(), expected(),
                        mode.equals("exactly-once"), Duration.ofMinutes(3));
                child.close();
                after.assertEqualTo(reference, "last run:\n" + tail(Files.readString(log)));
                System.out.printf("%s: %d kills (%d during snapshot writes), %d outputs equal, %d repeated%n", mode,
                        KILLS, aimedAtWrites, after.values.size(), after.duplicates);
                break;
            }
            if (k % 2 == 1 && awaitLine(log, "writing snapshot of session", Duration.ofSeconds(8))) {
                aimedAtWrites++;
                Thread.sleep(random.nextInt(200));
            } else {
                Thread.sleep(200 + random.nextInt(800));
            }
            child.kill();
            logs.append(tail(Files.readString(log)));
        }
        List<Long> sorted = readyMillis.stream().sorted().toList();
        System.out.printf("%s: restart-to-ready ms (process start to partition recovered) median %d, max %d, all %s%n",
                mode, sorted.get(sorted.size() / 2), sorted.getLast(), readyMillis);
        assertTrue(aimedAtWrites >= 3, "only " + aimedAtWrites + " kills during snapshot writes");
    }

    private static boolean awaitLine(Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 3000));
    }

    private static void createTopics(Topics topics) {
        try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
            admin.ensureTopics(List.of(TopicSpec.of(topics.frames(), 1), TopicSpec.of(topics.decoded(), 1),
                    TopicSpec.of(topics.deadLetter(), 1), TopicSpec.compacted(topics.snapshots(), 1)));
        }
    }

    static Map<String, String> settings(String prefix, String mode, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("topics.prefix", prefix, "topics.partitions", "1",
                "kafka.group.id", prefix + "group", "decoder.variants", VARIANTS, "snapshot.interval-frames", "40",
                "delivery.mode", mode, "delivery.commit-interval-ms", "50", "delivery.max-poll-records", "7"));
        s.putAll(extra);
        return s;
    }

    /**
     * Frames of the three sessions interleaved on one partition; {@code pauseMillis} paces them, and
     * each step (one frame per session) waits for a permit.
     */
    static void send(Topics topics, long pauseMillis, Semaphore steps) throws InterruptedException {
        try (KafkaProducer<String, byte[]> producer = RigProducer.connect(kafka.bootstrapServers())) {
            for (int k = 0; k < FRAMES_PER_SESSION; k++) {
                steps.acquire();
                var t = source.trial(k);
                for (int s = 0; s < SESSIONS; s++) {
                    // Each session sees the same population with its own label pattern.
                    double label = (k + s) % 3 == 0 ? Double.NaN : t.stimulusDegrees();
                    Frame frame = new Frame(k, 1_000_000_000L * k, label, t.responses());
                    producer.send(new ProducerRecord<>(topics.frames(), 0, "session-" + s, FrameCodec.encode(frame)));
                }
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        }
    }
}
