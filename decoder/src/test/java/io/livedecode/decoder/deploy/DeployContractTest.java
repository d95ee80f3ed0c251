package io.livedecode.decoder.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.protocol.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks that the image, compose file and manifests agree with the service's contract and with
 * each other: HTTP port, probe paths, scrape target, JVM flags, main class, topic names.
 */
class DeployContractTest {

    private static final Path ROOT = DeployTools.repoRoot();
    private static final JsonArray BASE = DeployTools.renderedObjects("deploy/k8s/base");
    private static final Set<String> TOPICS = Set.of(Topics.unprefixed().frames(), Topics.unprefixed().decoded(),
            Topics.unprefixed().deadLetter(), Topics.unprefixed().snapshots());

    private static Properties effectiveConfig() throws IOException {
        Properties merged = KnownConfigKeys.parse(Files.readString(ROOT.resolve(KnownConfigKeys.DEFAULTS)));
        merged.putAll(DeployConfigKeysTest.configMapProperties(BASE));
        return merged;
    }

    private static JsonObject container() {
        return container(BASE);
    }

    private static JsonObject container(JsonArray objects) {
        return DeployTools.object(objects, "Deployment", "livedecode-decoder").getJsonObject("spec")
                .getJsonObject("template").getJsonObject("spec").getJsonArray("containers").getJsonObject(0);
    }

    @Test
    void containerPortProbesServiceAndScrapeUseTheHttpPort() throws IOException {
        int port = Integer.parseInt(effectiveConfig().getProperty("http.port"));
        JsonObject container = container();
        JsonObject containerPort = container.getJsonArray("ports").getJsonObject(0);
        assertEquals("http-metrics", containerPort.getString("name"));
        assertEquals(port, containerPort.getInteger("containerPort"));

        assertEquals(new JsonObject().put("path", "/health").put("port", "http-metrics"),
                container.getJsonObject("livenessProbe").getJsonObject("httpGet"));
        assertEquals(new JsonObject().put("path", "/health").put("port", "http-metrics"),
                container.getJsonObject("startupProbe").getJsonObject("httpGet"));
        assertEquals(new JsonObject().put("path", "/ready").put("port", "http-metrics"),
                container.getJsonObject("readinessProbe").getJsonObject("httpGet"));

        JsonObject servicePort = DeployTools.object(BASE, "Service", "livedecode-decoder")
                .getJsonObject("spec").getJsonArray("ports").getJsonObject(0);
        assertEquals(port, servicePort.getInteger("port"));
        assertEquals("http-metrics", servicePort.getString("targetPort"));

        JsonObject endpoint = DeployTools.object(BASE, "PodMonitor", "livedecode-decoder")
                .getJsonObject("spec").getJsonArray("podMetricsEndpoints").getJsonObject(0);
        assertEquals("http-metrics", endpoint.getString("port"));
        assertEquals("/metrics", endpoint.getString("path"));

        JsonObject annotations = DeployTools.object(BASE, "Deployment", "livedecode-decoder").getJsonObject("spec")
                .getJsonObject("template").getJsonObject("metadata").getJsonObject("annotations");
        assertEquals(String.valueOf(port), annotations.getString("prometheus.io/port"));
        assertEquals("/metrics", annotations.getString("prometheus.io/path"));
    }

    @Test
    void scrapeJobIsNamedLivedecode() {
        JsonObject podMonitor = DeployTools.object(BASE, "PodMonitor", "livedecode-decoder").getJsonObject("spec");
        String jobLabel = podMonitor.getString("jobLabel");
        JsonObject podLabels = DeployTools.object(BASE, "Deployment", "livedecode-decoder").getJsonObject("spec")
                .getJsonObject("template").getJsonObject("metadata").getJsonObject("labels");
        assertEquals("livedecode", podLabels.getString(jobLabel), "up{job=\"livedecode\"} needs this pod label");
        JsonObject selector = podMonitor.getJsonObject("selector").getJsonObject("matchLabels");
        for (String label : selector.fieldNames()) {
            assertEquals(selector.getString(label), podLabels.getString(label), "PodMonitor selects pods by " + label);
        }
    }

    @Test
    void jvmHeapIsAShareOfTheMemoryLimit() {
        JsonObject container = container();
        String options = container.getJsonArray("env").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("name").equals("JDK_JAVA_OPTIONS")).findFirst().orElseThrow().getString("value");
        assertTrue(options.contains("-XX:MaxRAMPercentage=60") && options.contains("-XX:+ExitOnOutOfMemoryError")
                && options.contains("-XX:MetaspaceSize=256m") && options.contains("-XX:MaxGCPauseMillis=20"), options);
        JsonObject resources = container.getJsonObject("resources");
        assertEquals("1536Mi", resources.getJsonObject("requests").getString("memory"));
        assertEquals("2Gi", resources.getJsonObject("limits").getString("memory"));
    }

    @Test
    void largePassesSplitAcrossTheCoresThePodAsksFor() {
        for (String dir : List.of("deploy/k8s/base", "deploy/k8s/overlays/lab")) {
            JsonObject container = container(DeployTools.renderedObjects(dir));
            String threads = container.getJsonArray("env").stream().map(JsonObject.class::cast)
                    .filter(e -> e.getString("name").equals("LIVEDECODE_DECODER_KERNEL_THREADS")).findFirst()
                    .orElseThrow().getString("value");
            String cpu = container.getJsonObject("resources").getJsonObject("requests").getString("cpu");
            assertEquals(cpu, threads, dir + ": decoder.kernel-threads against the pod's CPU request");
        }
    }

    @Test
    void kafkaTopicsAreTheProtocolTopicsAndCoPartitioned() throws IOException {
        Map<String, JsonObject> specs = new HashMap<>();
        for (int i = 0; i < BASE.size(); i++) {
            JsonObject o = BASE.getJsonObject(i);
            if (o.getString("kind").equals("KafkaTopic")) {
                JsonObject spec = o.getJsonObject("spec");
                specs.put(spec.getString("topicName", o.getJsonObject("metadata").getString("name")), spec);
            }
        }
        assertEquals(TOPICS, specs.keySet());
        int partitions = Integer.parseInt(effectiveConfig().getProperty("topics.partitions"));
        for (String topic : Set.of("frames", "decoded", "snapshots")) {
            assertEquals(partitions, specs.get(topic).getInteger("partitions"), topic + " partitions");
        }
        assertEquals("compact", specs.get("snapshots").getJsonObject("config").getString("cleanup.policy"));

        int labReplicas = DeployTools.object(DeployTools.renderedObjects("deploy/k8s/overlays/lab"),
                "Deployment", "livedecode-decoder").getJsonObject("spec").getInteger("replicas");
        assertTrue(labReplicas <= partitions, labReplicas + " replicas, " + partitions + " partitions: some would idle");
    }

    @Test
    void composeDecoderUsesItsHttpPortAndTheSimulatorSkipsTheHealthcheck() {
        JsonObject decoder = DeployConfigKeysTest.composeService("decoder");
        int port = Integer.parseInt(String.valueOf(decoder.getJsonObject("environment").getValue("LIVEDECODE_HTTP_PORT")));
        assertEquals(port, decoder.getJsonArray("ports").getJsonObject(0).getInteger("target"));
        assertTrue(String.join(" ", decoder.getJsonObject("healthcheck").getJsonArray("test").getList())
                .contains("127.0.0.1:" + port + "/health"));
        assertEquals("kafka:9092", decoder.getJsonObject("environment").getString("LIVEDECODE_KAFKA_BOOTSTRAP_SERVERS"));

        JsonObject simulator = DeployConfigKeysTest.composeService("simulator");
        assertEquals("replay", simulator.getJsonArray("command").getString(0));
        // docker-compose config normalises `disable: true` to test: [NONE].
        assertEquals("NONE", simulator.getJsonObject("healthcheck").getJsonArray("test").getString(0));

        String topicsScript = DeployConfigKeysTest.composeService("topics").getJsonArray("command").getString(0);
        for (String topic : TOPICS) {
            assertTrue(topicsScript.contains("create " + topic + "\n") || topicsScript.contains("create " + topic + " "),
                    "topics service does not create " + topic);
        }
        assertTrue(topicsScript.contains("create snapshots --config cleanup.policy=compact"), topicsScript);
        Object partitions = decoder.getJsonObject("environment").getValue("LIVEDECODE_TOPICS_PARTITIONS");
        assertTrue(topicsScript.contains("--partitions " + partitions + " "), "topics made with "
                + partitions + " partitions, as the decoder is told: " + topicsScript);
    }

    @Test
    void imageRunsTheServiceMainClassWithNativeAccess() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        String entrypoint = dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        // The image, the launcher and the tests run the JVM with the same flags, kept in the root pom.
        java.util.regex.Matcher flags = java.util.regex.Pattern.compile("<livedecode.jvm.flags>([^<]+)</livedecode.jvm.flags>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(flags.find(), "root pom defines livedecode.jvm.flags");
        List<String> expected = new java.util.ArrayList<>(List.of("java"));
        expected.addAll(List.of(flags.group(1).trim().split("\\s+")));
        expected.addAll(List.of("-cp", "livedecode.jar:lib/*", "io.livedecode.decoder.cli.Main"));
        assertEquals("ENTRYPOINT [" + expected.stream().map(a -> "\"" + a + "\"").collect(java.util.stream.Collectors.joining(", "))
                + "]", entrypoint);
        String launcher = Files.readString(ROOT.resolve("livedecode"));
        for (String flag : flags.group(1).trim().split("\\s+")) {
            assertTrue(launcher.contains(flag), "./livedecode passes " + flag);
        }
        assertTrue(dockerfile.contains("\nCMD [\"serve\"]\n"));
        assertTrue(dockerfile.contains("\nEXPOSE " + effectiveConfig().getProperty("http.port") + "\n"));
        assertTrue(dockerfile.contains("libopenblas-dev"), "Smile needs the unversioned libopenblas.so");
        assertTrue(dockerfile.contains("/health\""), "HEALTHCHECK must probe /health");
        assertTrue(dockerfile.contains("COPY --from=build /src/decoder/target/livedecode.jar livedecode.jar"));
        assertTrue(dockerfile.contains("COPY --from=build /src/decoder/target/lib/ lib/"));

        String pom = Files.readString(ROOT.resolve("decoder/pom.xml"));
        assertTrue(pom.contains("<finalName>livedecode</finalName>"), "the image copies livedecode.jar");
        assertTrue(pom.contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>"),
                "the image copies target/lib");
    }
}
