package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Two replicas share the frames while the stream goes on: replica a decodes alone; replica b joins
 * and takes only the partitions it is given (a keeps, and does not reload, the rest); a leaves by
 * SIGTERM and b takes its partitions at once; a comes back and takes some again; b is killed with
 * SIGKILL and its partitions move to a once its group session times out. Each partition is owned
 * by one live replica at a time (from the replicas' own assignment logs), and every decoded record
 * equals a single uninterrupted instance's (at-least-once repeats identical, exactly-once none).
 */
class TwoReplicaIT {

    private static final int PARTITIONS = 4;
    private static final int SESSIONS = 8;
    private static final long STEP_MILLIS = 60;
    private static final int SESSION_TIMEOUT_MS = 15_000;
    private static final String VARIANTS = "linear,relu50";
    private static final Pattern REBALANCE = Pattern.compile(
            "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*RebalanceHandler - (assigned|revoked|lost) \\[(.*)]$");
    private static EmbeddedKafka kafka;
    private static TrialSource source;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        source = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(400).withTrials(2000));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void eachSessionInOnePlaceAtATimeAndOutputsEqualOneInstance(String mode, @TempDir Path dir) throws Exception {
        String prefix = "two_" + mode.replace('-', '_') + ".";
        Topics topics = new Topics(prefix);
        createTopics(topics);
        AtomicBoolean streaming = new AtomicBoolean(true);
        AtomicInteger steps = new AtomicInteger();
        Thread rig = Thread.ofPlatform().start(() -> {
            try (KafkaProducer<String, byte[]> producer = producer()) {
                while (streaming.get()) {
                    send(producer, topics, steps.getAndIncrement());
                    Thread.sleep(STEP_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Map<String, Path> logs = new TreeMap<>();
        ChildDecoder a = start("a", 1, prefix, mode, dir, logs);
        await(logs.get("a1"), "recovered in", 60);
        Thread.sleep(3_000);

        ChildDecoder b = start("b", 1, prefix, mode, dir, logs);
        await(logs.get("b1"), "recovered in", 60);
        Thread.sleep(4_000);
        String aBeforeLeaving = Files.readString(logs.get("a1"));

        long terminated = System.nanoTime();
        a.terminate();
        String terminatedAt = now();
        awaitOwning(logs.get("b1"), PARTITIONS, 30);
        long handOverMillis = (System.nanoTime() - terminated) / 1_000_000;
        Thread.sleep(3_000);

        ChildDecoder a2 = start("a", 2, prefix, mode, dir, logs);
        await(logs.get("a2"), "recovered in", 60);
        Thread.sleep(4_000);

        long killed = System.nanoTime();
        String killedAt = now();
        b.kill();
        awaitOwning(logs.get("a2"), PARTITIONS, 60);
        long failOverMillis = (System.nanoTime() - killed) / 1_000_000;
        Thread.sleep(2_000);
        streaming.set(false);
        rig.join();

        int sent = steps.get();
        DecodedOutputs after = DecodedOutputs.read(kafka.bootstrapServers(), topics.decoded(), expected(sent),
                mode.equals("exactly-once"), Duration.ofMinutes(3));
        a2.close();
        DecodedOutputs reference = referenceRun(prefix, sent);
        after.assertEqualTo(reference, "replica logs in " + dir);

        // Replica a kept the partitions b did not take: they were neither revoked nor rebuilt.
        int revokedAt = aBeforeLeaving.indexOf("RebalanceHandler - revoked [");
        assertTrue(revokedAt > 0, "b's arrival revoked nothing from a:\n" + aBeforeLeaving);
        String joined = aBeforeLeaving.substring(aBeforeLeaving.lastIndexOf('\n', revokedAt) + 1);
        List<String> revokedFromA = owningChanges(joined, "revoked");
        assertTrue(!revokedFromA.isEmpty() && revokedFromA.size() < PARTITIONS,
                "b's arrival revoked " + revokedFromA + " from a");
        long rebuiltByA = joined.lines().filter(l -> l.contains("recovered in")).count();
        assertEquals(0, rebuiltByA, "a rebuilt partitions it kept when b joined:\n" + joined);
        assertOnePlaceAtATime(logs, Map.of("a1", terminatedAt, "b1", killedAt));
        assertTrue(handOverMillis < SESSION_TIMEOUT_MS / 2, "SIGTERM hand-over took " + handOverMillis + " ms");
        assertTrue(failOverMillis >= SESSION_TIMEOUT_MS * 2 / 3, "a killed static member's partitions moved after "
                + failOverMillis + " ms, before its session timed out");
        System.out.printf("%s: two replicas, %d frames, %d outputs equal, %d repeated; SIGTERM hand-over %d ms,"
                        + " SIGKILL fail-over %d ms (session timeout %d ms); revoked from a when b joined: %s%n",
                mode, sent * SESSIONS, after.values.size(), after.duplicates, handOverMillis, failOverMillis,
                SESSION_TIMEOUT_MS, revokedFromA);
    }

    /**
     * From each replica's log, the times it held each partition: from "assigned" to "revoked"/"lost",
     * or to its end (killed, or stopped without a revoke logged); no two may overlap.
     */
    private static void assertOnePlaceAtATime(Map<String, Path> logs, Map<String, String> ended) throws Exception {
        Map<String, List<String[]>> held = new TreeMap<>();
        for (Map.Entry<String, Path> log : logs.entrySet()) {
            Map<String, String> since = new HashMap<>();
            for (String line : Files.readAllLines(log.getValue())) {
                Matcher m = REBALANCE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                for (String tp : m.group(3).split(", ")) {
                    if (m.group(2).equals("assigned")) {
                        since.put(tp, m.group(1));
                    } else if (since.containsKey(tp)) {
                        held.computeIfAbsent(tp, k -> new ArrayList<>()).add(new String[]{since.remove(tp), m.group(1),
                                log.getKey()});
                    }
                }
            }
            String end = ended.getOrDefault(log.getKey(), "99:99:99.999");
            since.forEach((tp, from) -> held.computeIfAbsent(tp, k -> new ArrayList<>())
                    .add(new String[]{from, end, log.getKey()}));
        }
        assertEquals(PARTITIONS, held.size(), "partitions seen in the logs: " + held.keySet());
        for (Map.Entry<String, List<String[]>> e : held.entrySet()) {
            List<String[]> spans = new ArrayList<>(e.getValue());
            spans.sort((x, y) -> x[0].compareTo(y[0]));
            for (int i = 1; i < spans.size(); i++) {
                String[] prev = spans.get(i - 1);
                String[] next = spans.get(i);
                assertTrue(prev[1].compareTo(next[0]) <= 0, e.getKey() + " held by " + prev[2] + " " + prev[0] + "-"
                        + prev[1] + " and by " + next[2] + " from " + next[0]);
            }
        }
    }

    private static List<String> owningChanges(String log, String what) {
        List<String> out = new ArrayList<>();
        for (String line : log.lines().toList()) {
            Matcher m = REBALANCE.matcher(line);
            if (m.matches() && m.group(2).equals(what)) {
                out.addAll(List.of(m.group(3).split(", ")));
            }
        }
        return out;
    }

    /** Wall-clock time as the decoders' logs print it. */
    private static String now() {
        return LocalTime.now().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS"));
    }

    /** Waits until the replica's log shows it holding {@code count} partitions. */
    private static void awaitOwning(Path log, int count, int seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            java.util.Set<String> owned = new java.util.TreeSet<>();
            for (String line : Files.readAllLines(log)) {
                Matcher m = REBALANCE.matcher(line);
                if (m.matches()) {
                    List<String> tps = List.of(m.group(3).split(", "));
                    if (m.group(2).equals("assigned")) {
                        owned.addAll(tps);
                    } else {
                        owned.removeAll(tps);
                    }
                }
            }
            if (owned.size() == count && Files.readString(log).lastIndexOf("recovered in")
                    > Files.readString(log).lastIndexOf("assigned [")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(log + " never held " + count + " partitions:\n" + Files.readString(log));
    }

    private static void await(Path log, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(log + " never logged '" + text + "':\n" + Files.readString(log));
    }

    private static ChildDecoder start(String instance, int run, String prefix, String mode, Path dir,
                                      Map<String, Path> logs) throws Exception {
        Path log = dir.resolve(instance + run + ".log");
        logs.put(instance + run, log);
        Map<String, String> s = new HashMap<>(Map.of("topics.prefix", prefix, "topics.partitions",
                Integer.toString(PARTITIONS), "kafka.group.id", prefix + "group", "decoder.variants", VARIANTS,
                "snapshot.interval-frames", "40", "delivery.mode", mode, "delivery.commit-interval-ms", "100",
                "kafka.group.instance.id", prefix + instance));
        s.put("kafka.consumer.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS));
        s.put("kafka.consumer.heartbeat.interval.ms", "1000");
        return ChildDecoder.serve(kafka.bootstrapServers(), s, log);
    }

    private static DecodedOutputs referenceRun(String prefix, int steps) throws Exception {
        Topics topics = new Topics(prefix + "ref.");
        createTopics(topics);
        ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "http.port", "0", "topics.prefix", prefix + "ref.",
                "kafka.group.id", prefix + "ref.group", "decoder.variants", VARIANTS, "kafka.group.instance.id",
                prefix + "ref")));
        try (DecoderService service = DecoderService.start(config);
             KafkaProducer<String, byte[]> producer = producer()) {
            for (int k = 0; k < steps; k++) {
                send(producer, topics, k);
            }
            producer.flush();
            return DecodedOutputs.read(kafka.bootstrapServers(), topics.decoded(), expected(steps), false,
                    Duration.ofMinutes(3));
        }
    }

    private static int expected(int steps) {
        return steps * SESSIONS * 2;
    }

    /** One frame of every session; session s lives on partition s mod 4. */
    private static void send(KafkaProducer<String, byte[]> producer, Topics topics, int k) {
        var t = source.trial(k % 2000);
        for (int s = 0; s < SESSIONS; s++) {
            double label = (k + s) % 3 == 0 ? Double.NaN : t.stimulusDegrees();
            producer.send(new ProducerRecord<>(topics.frames(), s % PARTITIONS, "session-" + s,
                    FrameCodec.encode(new Frame(k, 1_000_000_000L * k, label, t.responses()))));
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return RigProducer.connect(kafka.bootstrapServers());
    }

    private static void createTopics(Topics topics) {
        try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
            admin.ensureTopics(List.of(TopicSpec.of(topics.frames(), PARTITIONS), TopicSpec.of(topics.decoded(), PARTITIONS),
                    TopicSpec.of(topics.deadLetter(), PARTITIONS), TopicSpec.compacted(topics.snapshots(), PARTITIONS)));
        }
    }
}
