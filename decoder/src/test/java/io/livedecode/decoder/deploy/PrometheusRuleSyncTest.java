package io.livedecode.decoder.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that the PrometheusRule in deploy/k8s/base holds exactly the groups of the alert rules
 * file Prometheus loads in compose, so the two deployments alert alike.
 */
class PrometheusRuleSyncTest {

    private static final Path ROOT = DeployTools.repoRoot();
    private static final Path RULES = ROOT.resolve("deploy/prometheus/rules/livedecode-alerts.yml");
    private static final Path PROMETHEUS_RULE = ROOT.resolve("deploy/k8s/base/prometheusrule.yaml");

    private static JsonArray rulesGroups(Path rules) {
        return DeployTools.yamlDocuments(rules).getJsonObject(0).getJsonArray("groups");
    }

    private static JsonArray prometheusRuleGroups(Path prometheusRule) {
        return DeployTools.yamlDocuments(prometheusRule).getJsonObject(0).getJsonObject("spec").getJsonArray("groups");
    }

    @Test
    void prometheusRuleHoldsTheGroupsOfTheRulesFile() {
        assertTrue(Files.isRegularFile(RULES), RULES + " is missing: it is the one source of the alert rules");
        assertEquals(rulesGroups(RULES), prometheusRuleGroups(PROMETHEUS_RULE),
                "deploy/k8s/base/prometheusrule.yaml is stale: run node deploy/validate/sync-prometheusrule.mjs");
    }

    @Test
    void syncScriptCopiesTheGroupsAndAnEditIsDetected(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, """
                groups:
                  - name: sample
                    rules:
                      - alert: SampleDown
                        expr: up{job="livedecode"} == 0
                        for: 2m
                        labels:
                          severity: critical
                        annotations:
                          summary: "{{ $labels.instance }} is down"
                """);
        Path generated = dir.resolve("prometheusrule.yaml");
        DeployTools.node("sync-prometheusrule.mjs", null, rules.toString(), generated.toString()).assertSucceeded();
        assertEquals(rulesGroups(rules), prometheusRuleGroups(generated));
        DeployTools.node("validate.mjs", null, generated.toString()).assertSucceeded();

        DeployTools.replaceOnce(rules, "for: 2m", "for: 5m");

        assertNotEquals(rulesGroups(rules), prometheusRuleGroups(generated));
    }
}
