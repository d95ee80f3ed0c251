package io.livedecode.decoder.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the kustomizations with kubectl kustomize and validates every object against the
 * schema of its kind (deploy/validate/validate.mjs); broken copies must fail.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = DeployTools.repoRoot();

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/lab"})
    void everyRenderedObjectMatchesTheSchemaOfItsKind(String dir) {
        String rendered = DeployTools.kustomize(ROOT.resolve(dir)).assertSucceeded().stdout();
        int objects = DeployTools.yamlDocuments(rendered).size();

        DeployTools.Result result = DeployTools.node("validate.mjs", rendered, "-").assertSucceeded();

        assertEquals(objects + " of " + objects + " objects valid", result.stdout().strip());
    }

    @Test
    void baseRendersTheDecoderItsMonitoringAndItsTopics() {
        JsonArray objects = DeployTools.renderedObjects("deploy/k8s/base");
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            kinds.add(objects.getJsonObject(i).getString("kind"));
        }
        assertEquals(List.of("ConfigMap", "Deployment", "KafkaTopic", "KafkaTopic", "KafkaTopic", "KafkaTopic",
                "PodDisruptionBudget", "PodMonitor", "PrometheusRule", "Service"), kinds.stream().sorted().toList());
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "deployment.yaml|  replicas: 1\\n|  replicas: \"1\"\\n|Deployment/livedecode-decoder|spec/replicas must be integer",
        "deployment.yaml|readinessProbe:|readinesProbe:|Deployment/livedecode-decoder|readinesProbe is not a field",
        "deployment.yaml|memory: 2Gi|memory: 2 GiB|Deployment/livedecode-decoder|must match format \"quantity\"",
        "service.yaml|  name: livedecode-decoder\\n|  name: 1ivedecode\\n|Service/1ivedecode|not a valid DNS-1035 label",
        "podmonitor.yaml|- port: http-metrics|- port: 8080|PodMonitor/livedecode-decoder|port must be string",
        "kafkatopics.yaml|  partitions: 3\\n|  partitions: 0\\n|KafkaTopic/frames.dlq|spec/partitions must be >= 1",
        "prometheusrule.yaml|  groups:|  groupz:|PrometheusRule/livedecode-alerts|groupz is not a field",
        "poddisruptionbudget.yaml|kind: PodDisruptionBudget|kind: PodDisruptionBuget|PodDisruptionBuget/livedecode-decoder|no schema is known",
    })
    void brokenManifestIsRejected(String file, String from, String to, String object, String error,
            @TempDir Path dir) throws IOException {
        Path base = dir.resolve("base");
        DeployTools.copyTree(ROOT.resolve("deploy/k8s/base"), base);
        DeployTools.replaceOnce(base.resolve(file), from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        String rendered = DeployTools.kustomize(base).assertSucceeded().stdout();

        DeployTools.Result result = DeployTools.node("validate.mjs", rendered, "-");

        assertEquals(1, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("INVALID " + object + " "), result::describe);
        assertTrue(result.stderr().contains(error), result::describe);
    }

    @Test
    void kustomizationNamingAMissingFileFailsToRender(@TempDir Path dir) throws IOException {
        Path base = dir.resolve("base");
        DeployTools.copyTree(ROOT.resolve("deploy/k8s/base"), base);
        Files.delete(base.resolve("service.yaml"));

        DeployTools.Result result = DeployTools.kustomize(base);

        assertNotEquals(0, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("service.yaml"), result::describe);
    }
}
