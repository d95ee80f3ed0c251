package io.livedecode.decoder.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks that every configuration key and LIVEDECODE_* variable the deploy files set is one the
 * service knows (its defaults file), so a misspelt key cannot be silently ignored.
 */
class DeployConfigKeysTest {

    private static final Path ROOT = DeployTools.repoRoot();
    private static final KnownConfigKeys KNOWN = KnownConfigKeys.load(ROOT);

    /** The properties file the ConfigMap carries, the only data key the service reads. */
    static java.util.Properties configMapProperties(JsonArray objects) {
        JsonObject data = DeployTools.object(objects, "ConfigMap", "livedecode-config").getJsonObject("data");
        assertEquals(Set.of("livedecode.properties"), data.fieldNames(),
                "the service reads only livedecode.properties from the ConfigMap");
        return KnownConfigKeys.parse(data.getString("livedecode.properties"));
    }

    static List<String> environmentNames(JsonObject deployment) {
        JsonArray env = deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("spec")
                .getJsonArray("containers").getJsonObject(0).getJsonArray("env");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < env.size(); i++) {
            names.add(env.getJsonObject(i).getString("name"));
        }
        return names;
    }

    @Test
    void defaultsFileListsTheContractKeys() {
        assertTrue(KNOWN.keys().containsAll(Set.of("kafka.bootstrap.servers", "kafka.group.id", "topics.prefix",
                "topics.partitions", "delivery.mode", "decoder.variants", "http.port", "http.host", "admin.token",
                "snapshot.interval-frames", "topics.labels", "labels.enabled", "labels.lag-frames",
                "labels.max-wait-ms")), () -> "keys: " + KNOWN.keys());
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/lab"})
    void configMapKeysAreKnown(String dir) {
        var properties = configMapProperties(DeployTools.renderedObjects(dir));
        assertTrue(properties.stringPropertyNames().contains("kafka.bootstrap.servers"));
        assertEquals(List.of(), KNOWN.unknownKeys(properties.stringPropertyNames()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/lab"})
    void deploymentVariablesAreKnownAndPointAtTheMountedFile(String dir) {
        JsonObject deployment = DeployTools.object(DeployTools.renderedObjects(dir), "Deployment", "livedecode-decoder");
        assertEquals(List.of(), KNOWN.unknownVariables(environmentNames(deployment)));

        JsonObject container = deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("spec")
                .getJsonArray("containers").getJsonObject(0);
        String configFile = container.getJsonArray("env").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("name").equals(KnownConfigKeys.CONFIG_FILE_VARIABLE))
                .findFirst().orElseThrow().getString("value");
        String mountPath = container.getJsonArray("volumeMounts").stream().map(JsonObject.class::cast)
                .filter(m -> m.getString("name").equals("config")).findFirst().orElseThrow().getString("mountPath");
        assertEquals(mountPath + "/livedecode.properties", configFile);
    }

    @Test
    void composeVariablesAreKnown() {
        JsonObject decoder = composeService("decoder");
        List<String> names = List.copyOf(decoder.getJsonObject("environment").fieldNames());
        assertTrue(names.contains("LIVEDECODE_KAFKA_BOOTSTRAP_SERVERS"), () -> "variables: " + names);
        assertEquals(List.of(), KNOWN.unknownVariables(names));
    }

    @Test
    void unknownKeysAndVariablesAreReported() {
        assertEquals(List.of("decoder.variant", "kafka.bootstrap.server"), KNOWN.unknownKeys(
                List.of("kafka.bootstrap.server", "decoder.variant", "http.port", "kafka.consumer.max.poll.records")));
        assertEquals(List.of("LIVEDECODE_HTTP_PROT"), KNOWN.unknownVariables(List.of("LIVEDECODE_HTTP_PROT",
                "LIVEDECODE_HTTP_PORT", "LIVEDECODE_CONFIG", "LIVEDECODE_KAFKA_PRODUCER_LINGER_MS", "JDK_JAVA_OPTIONS")));
    }

    @Test
    void misspeltKeyInTheConfigMapIsCaught(@TempDir Path dir) throws IOException {
        Path base = dir.resolve("base");
        DeployTools.copyTree(ROOT.resolve("deploy/k8s/base"), base);
        DeployTools.replaceOnce(base.resolve("livedecode.properties"),
                "decoder.variants=linear,relu200", "decoder.variant=linear,relu200");
        JsonArray objects = DeployTools.yamlDocuments(DeployTools.kustomize(base).assertSucceeded().stdout());

        assertEquals(List.of("decoder.variant"), KNOWN.unknownKeys(configMapProperties(objects).stringPropertyNames()));
    }

    @Test
    void missingDefaultsFileFailsLoudly(@TempDir Path dir) {
        var error = assertThrows(IllegalStateException.class,
                () -> KnownConfigKeys.load(dir));
        assertTrue(error.getMessage().contains("livedecode-defaults.properties is missing"), error::getMessage);
    }

    /** One service of `docker-compose config` (interpolated, normalised). */
    static JsonObject composeService(String name) {
        String config = DeployTools.composeConfig(ROOT.resolve("deploy/docker-compose.yml")).assertSucceeded().stdout();
        return DeployTools.yamlDocuments(config).getJsonObject(0).getJsonObject("services").getJsonObject(name);
    }
}
