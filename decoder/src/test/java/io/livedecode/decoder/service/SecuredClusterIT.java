package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.protocol.DecodedRecord;
import io.livedecode.simulator.kafka.BrokerSettings;
import io.livedecode.simulator.kafka.SaslSslListener;
import io.livedecode.simulator.kafka.StandaloneKafka;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} and {@code serve} against a broker that requires SCRAM-SHA-256 over TLS (a
 * standalone {@code kafka.Kafka} process, certificates made by keytool at test time): frames go in
 * and are decoded end to end; a wrong password or an untrusted certificate stops either command
 * with a message naming the cause and a non-zero exit instead of retrying forever; and the password
 * shows in no log line (Kafka's own configuration dumps included), {@code /metrics} or {@code /info}.
 */
class SecuredClusterIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "Kp9wQ2z-alice-pass";
    private static final String WRONG = "Kp9wQ2z-not-her-pass";
    private static final int NEURONS = 120;
    private static final int TRIALS = 150;
    private static final long POPULATION_SEED = 5;
    private static final Pattern PORT = Pattern.compile("live page http://localhost:(\\d+)/");
    /** Kafka's clients print their whole configuration at INFO: the password must be hidden there too. */
    private static final List<String> VERBOSE_KAFKA = List.of("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info");

    @TempDir
    static Path dir;
    private static SaslSslListener tls;
    private static StandaloneKafka kafka;

    @BeforeAll
    static void startSecuredBroker() {
        tls = SaslSslListener.create(dir, Map.of(USER, PASSWORD));
        kafka = StandaloneKafka.start(BrokerSettings.defaults(), tls);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void replayedFramesAreDecodedAndThePasswordShowsNowhere() throws Exception {
        // serve: everything in a file but the password, which comes from the environment.
        Path serveConfig = properties("serve.properties", Map.of());
        Map<String, String> env = Map.of("LIVEDECODE_CONFIG", serveConfig.toString(),
                "LIVEDECODE_KAFKA_SASL_PASSWORD", PASSWORD);
        Map<String, String> settings = Map.of("topics.prefix", "sec.", "topics.partitions", "1",
                "kafka.group.id", "sec-group", "kafka.group.instance.id", "sec-1");
        try (ChildDecoder serve = ChildDecoder.serve(kafka.bootstrapServers(), settings, VERBOSE_KAFKA, env,
                dir.resolve("serve.log"))) {
            int port = awaitPort(serve);
            // replay: the password in its configuration file.
            Path replayConfig = properties("replay.properties", Map.of("kafka.sasl.password", PASSWORD));
            ChildDecoder replay = ChildDecoder.command(List.of("replay", "--config", replayConfig.toString(),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "sec.", "--partitions", "1",
                    "--session", "secured-1", "--speed", "max", "--neurons", Integer.toString(NEURONS),
                    "--trials", Integer.toString(TRIALS), "--population-seed", Long.toString(POPULATION_SEED)),
                    VERBOSE_KAFKA, Map.of(), dir.resolve("replay.log"));
            assertEquals(0, replay.awaitExit(Duration.ofSeconds(60)), replay.output());

            List<DecodedRecord> decoded = new ArrayList<>();
            TopicReader.read(alice(PASSWORD), "sec.decoded", got -> got.size() >= 2 * TRIALS, Duration.ofSeconds(60))
                    .forEach(r -> decoded.add(DecodedRecord.fromJson(r.value())));
            check(decoded);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String metrics = get(http, port, "/metrics");
            String info = get(http, port, "/info");
            assertTrue(metrics.contains("livedecode_frames_total{outcome=\"decoded\"} " + TRIALS + ".0"),
                    "every replayed frame decoded once");
            assertTrue(info.contains("\"frames\":\"sec.frames\""), info);
            serve.terminate();
            String serveLog = serve.output();
            // The Kafka configuration dumps are there (so the check below saw them), with the JAAS line hidden.
            assertTrue(serveLog.contains("sasl.jaas.config = [hidden]"), "Kafka's client configuration dump is logged");
            for (String[] text : new String[][] {{"serve log", serveLog}, {"replay log", replay.output()},
                    {"/metrics", metrics}, {"/info", info}}) {
                assertFalse(text[1].contains(PASSWORD), text[0] + " shows the password");
                assertFalse(text[1].contains(tls.truststorePassword()), text[0] + " shows the truststore password");
            }
        }
    }

    @Test
    void serveStopsOnAWrongPasswordWhetherCreatingTopicsOrConsuming() throws Exception {
        Path config = properties("wrong.properties", Map.of());
        Map<String, String> env = Map.of("LIVEDECODE_CONFIG", config.toString(), "LIVEDECODE_KAFKA_SASL_PASSWORD", WRONG);
        String expected = "Kafka rejected the SASL credentials of user 'alice' (SCRAM-SHA-256) at "
                + kafka.bootstrapServers();
        // topics.create=false: the first to meet the broker is the decoding loop's consumer, not the topic admin.
        for (String create : List.of("true", "false")) {
            Path log = dir.resolve("serve-wrong-" + create + ".log");
            try (ChildDecoder serve = ChildDecoder.serve(kafka.bootstrapServers(), Map.of("topics.prefix", "wrong.",
                    "topics.create", create, "kafka.group.instance.id", "wrong-" + create), VERBOSE_KAFKA, env, log)) {
                int exit = serve.awaitExit(Duration.ofSeconds(60));
                String out = serve.output();
                assertNotEquals(0, exit, out);
                assertTrue(out.contains("livedecode serve: " + expected), "topics.create=" + create + ":\n" + out);
                assertFalse(out.contains(WRONG), "the log shows the password tried");
            }
        }
    }

    @Test
    void serveWaitsOutAnOutageOfTheSecuredBroker() throws Exception {
        Path config = properties("outage.properties", Map.of("kafka.sasl.password", PASSWORD));
        try (ChildDecoder serve = ChildDecoder.serve(kafka.bootstrapServers(), Map.of("topics.prefix", "outage.",
                "topics.partitions", "1", "kafka.group.instance.id", "outage-1"), List.of(),
                Map.of("LIVEDECODE_CONFIG", config.toString()), dir.resolve("serve-outage.log"))) {
            replayInto(config, "outage.", "before", 50);
            assertEquals(100, distinctDecoded("outage.decoded", 100));
            kafka.kill();
            Thread.sleep(15_000);
            assertTrue(serve.alive(), "serve stopped while the broker was away:\n" + serve.output());
            kafka.restart();
            replayInto(config, "outage.", "after", 50);
            assertEquals(200, distinctDecoded("outage.decoded", 200), "frames from before and after the outage");
            assertTrue(serve.alive(), serve.output());
            assertFalse(serve.output().contains("rejected the SASL credentials"), "an outage is not a refused login");
        }
    }

    @Test
    void serveStopsOnAnUntrustedCertificate() throws Exception {
        Path stranger = tls.strangerTruststore(Files.createDirectories(dir.resolve("serve-stranger")));
        Path config = properties("serve-untrusting.properties", Map.of("kafka.ssl.truststore.location", stranger.toString()));
        Map<String, String> env = Map.of("LIVEDECODE_CONFIG", config.toString(), "LIVEDECODE_KAFKA_SASL_PASSWORD", PASSWORD);
        try (ChildDecoder serve = ChildDecoder.serve(kafka.bootstrapServers(), Map.of("topics.prefix", "untrusting.",
                "kafka.group.instance.id", "untrusting"), List.of(), env, dir.resolve("serve-untrusting.log"))) {
            int exit = serve.awaitExit(Duration.ofSeconds(60));
            String out = serve.output();
            assertNotEquals(0, exit, out);
            assertTrue(out.contains("livedecode serve: cannot connect to Kafka at " + kafka.bootstrapServers()
                    + " over SASL_SSL: the broker's certificate is not trusted by truststore " + stranger), out);
            assertFalse(out.contains(PASSWORD), out);
        }
    }

    @Test
    void replayStopsOnAWrongPasswordAndOnAnUntrustedCertificate() throws Exception {
        Path wrong = properties("replay-wrong.properties", Map.of("kafka.sasl.password", WRONG));
        String out = failingReplay(wrong, "replay-wrong.log");
        assertTrue(out.contains("livedecode replay: Kafka rejected the SASL credentials of user 'alice' (SCRAM-SHA-256) at "
                + kafka.bootstrapServers()), out);
        assertFalse(out.contains(WRONG), out);

        Path stranger = tls.strangerTruststore(Files.createDirectories(dir.resolve("stranger")));
        Path untrusting = properties("replay-untrusting.properties", Map.of("kafka.sasl.password", PASSWORD,
                "kafka.ssl.truststore.location", stranger.toString()));
        out = failingReplay(untrusting, "replay-untrusting.log");
        assertTrue(out.contains("livedecode replay: cannot connect to Kafka at " + kafka.bootstrapServers()
                + " over SASL_SSL: the broker's certificate is not trusted by truststore " + stranger), out);
        assertFalse(out.contains(PASSWORD), out);
    }

    @Test
    void theReadmeRigProducerPublishesWithItsSecuredLine() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String producer = pythonBlock(readme, "def frame(");
        String secured = pythonBlock(readme, "security_protocol=\"SASL_SSL\"");
        String plainLine = producer.lines().filter(l -> l.startsWith("producer = KafkaProducer(")).findFirst()
                .orElseThrow(() -> new AssertionError("README producer has no KafkaProducer line"));
        Path script = Files.writeString(dir.resolve("rig_producer.py"), producer.replace(plainLine + "\n", secured));
        ProcessBuilder python = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectErrorStream(true);
        python.environment().putAll(Map.of("KAFKA", kafka.bootstrapServers(), "KAFKA_USER", USER,
                "LIVEDECODE_KAFKA_SASL_PASSWORD", PASSWORD, "KAFKA_CA", tls.certificatePem().toString()));
        Process p = python.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), "needs python3-kafka and python3-numpy:\n" + out);

        // The demo test shares the unprefixed frames topic: keep the README producer's session only.
        var records = TopicReader.read(alice(PASSWORD), "frames",
                        got -> got.stream().anyMatch(r -> r.key().equals("mouse1-2026-11-29")), Duration.ofSeconds(60))
                .stream().filter(r -> r.key().equals("mouse1-2026-11-29")).toList();
        assertEquals(1, records.size());
        assertEquals(40 + 4 * 23_589, records.getFirst().value().length);
    }

    @Test
    void theDemoRunsAgainstTheSecuredCluster() throws Exception {
        Path config = properties("demo.properties", Map.of());
        ChildDecoder demo = ChildDecoder.command(List.of("demo", "--bootstrap-servers", kafka.bootstrapServers(),
                "--config", config.toString(), "--frames", "60", "--neurons", "80", "--trials", "60", "--speed", "max",
                "--http-port", "0"), List.of(), Map.of("LIVEDECODE_KAFKA_SASL_PASSWORD", PASSWORD),
                dir.resolve("demo.log"));
        int exit = demo.awaitExit(Duration.ofSeconds(90));
        String out = demo.output();
        // Exit 0 means every replayed frame came back decoded, once per variant, through the secured monitor.
        assertEquals(0, exit, out);
        assertTrue(out.contains("(external)"), out);
        assertFalse(out.contains(PASSWORD), out);
    }

    private static void replayInto(Path config, String prefix, String session, int trials) throws Exception {
        ChildDecoder replay = ChildDecoder.command(List.of("replay", "--config", config.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", prefix, "--partitions", "1",
                "--session", session, "--speed", "max", "--neurons", "40", "--trials", Integer.toString(trials)),
                List.of(), Map.of(), dir.resolve("replay-" + prefix + session + ".log"));
        assertEquals(0, replay.awaitExit(Duration.ofSeconds(90)), replay.output());
    }

    /** Distinct (session, frame, variant) outputs on {@code topic}, read until {@code expected} are there. */
    private static int distinctDecoded(String topic, int expected) throws Exception {
        java.util.Set<String> keys = new java.util.HashSet<>();
        TopicReader.read(alice(PASSWORD), topic, got -> {
            keys.clear();
            got.forEach(r -> {
                DecodedRecord d = DecodedRecord.fromJson(r.value());
                keys.add(d.session() + "/" + d.frameIndex() + "/" + d.variant());
            });
            return keys.size() >= expected;
        }, Duration.ofSeconds(120));
        return keys.size();
    }

    /** The README's python block containing {@code marker}, exactly as printed there. */
    private static String pythonBlock(String readme, String marker) {
        Matcher m = Pattern.compile("```python\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (m.find()) {
            if (m.group(1).contains(marker)) {
                return m.group(1);
            }
        }
        throw new AssertionError("README.md has no python block with " + marker);
    }

    private String failingReplay(Path config, String log) throws IOException, InterruptedException {
        ChildDecoder replay = ChildDecoder.command(List.of("replay", "--config", config.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "denied.", "--speed", "max",
                "--neurons", "20", "--trials", "10"), List.of(), Map.of(), dir.resolve(log));
        int exit = replay.awaitExit(Duration.ofSeconds(60));
        String out = replay.output();
        assertEquals(1, exit, out);
        return out;
    }

    private static void check(List<DecodedRecord> decoded) {
        assertEquals(2 * TRIALS, decoded.size(), "one record per frame per variant");
        TrialSource source = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(NEURONS).withTrials(TRIALS)
                .withSeed(POPULATION_SEED));
        Map<String, List<DecodedRecord>> byVariant = new TreeMap<>();
        decoded.forEach(d -> byVariant.computeIfAbsent(d.variant(), v -> new ArrayList<>()).add(d));
        assertEquals(List.of("linear", "relu200"), List.copyOf(byVariant.keySet()));
        byVariant.forEach((variant, list) -> {
            for (int k = 0; k < TRIALS; k++) {
                DecodedRecord d = list.get(k);
                assertEquals("secured-1", d.session());
                assertEquals(k, d.frameIndex(), variant + ": frames in order, each once");
                assertEquals(source.trial(k).stimulusDegrees(), d.trueDegrees(), 1e-9, variant + " frame " + k);
                assertTrue(Double.isFinite(d.decodedDegrees()), variant + " frame " + k);
                // Every frame is labelled: the model learned from each frame before this one.
                assertTrue(k == 0 || d.modelVersion() > list.get(k - 1).modelVersion(), variant + " frame " + k);
            }
        });
    }

    /** The secured client settings in a properties file, as a rig would keep them. */
    private static Path properties(String name, Map<String, String> extra) throws IOException {
        Map<String, String> p = new TreeMap<>(Map.of("kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", SaslSslListener.MECHANISM, "kafka.sasl.username", USER,
                "kafka.ssl.truststore.location", tls.truststore().toString(),
                "kafka.ssl.truststore.type", "PKCS12", "kafka.ssl.truststore.password", tls.truststorePassword()));
        p.putAll(extra);
        StringBuilder text = new StringBuilder();
        p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return Files.writeString(dir.resolve(name), text);
    }

    private static Map<String, String> alice(String password) {
        Map<String, String> props = new TreeMap<>(tls.clientProperties(USER, password));
        props.put("bootstrap.servers", kafka.bootstrapServers());
        return props;
    }

    private static int awaitPort(ChildDecoder serve) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = PORT.matcher(serve.output());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertTrue(serve.alive(), () -> "serve ended:\n" + output(serve));
            Thread.sleep(100);
        }
        throw new AssertionError("serve did not start:\n" + serve.output());
    }

    private static String output(ChildDecoder serve) {
        try {
            return serve.output();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }
}
