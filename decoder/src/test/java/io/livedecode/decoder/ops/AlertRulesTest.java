package io.livedecode.decoder.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Checks that every shipped alert is complete (for, severity, templated text, runbook) and covered both ways by the promtool tests. */
class AlertRulesTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning");

    private final AlertRules rules = AlertRules.load(OpsFiles.alertRules());

    @Test
    void everyAlertHasForSeverityTemplatedTextAndRunbook() {
        List<String> problems = new ArrayList<>();
        for (AlertRules.Rule rule : rules.rules()) {
            String name = rule.alert();
            if (!rule.forDuration().matches("\\d+[smh]")) {
                problems.add(name + ": for is '" + rule.forDuration() + "', expected a duration like 5m");
            }
            if (!SEVERITIES.contains(rule.labels().getOrDefault("severity", ""))) {
                problems.add(name + ": severity is '" + rule.labels().get("severity") + "', expected one of " + SEVERITIES);
            }
            for (String key : List.of("summary", "description")) {
                if (!rule.annotations().getOrDefault(key, "").contains("{{")) {
                    problems.add(name + ": annotation " + key + " is missing or not templated");
                }
            }
            String runbook = "README.md#alert-" + name.toLowerCase();
            if (!runbook.equals(rule.annotations().get("runbook_url"))) {
                problems.add(name + ": runbook_url is '" + rule.annotations().get("runbook_url") + "', expected " + runbook);
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void alertNamesAreUniqueAndTheExpectedTen() {
        List<String> names = rules.rules().stream().map(AlertRules.Rule::alert).toList();
        assertEquals(Set.of("LivedecodeDecoderDown", "LivedecodeDecoderNotReady", "LivedecodeDecodeLatencyHigh",
                "LivedecodePrequentialErrorHigh", "LivedecodeConsumerLagGrowing", "LivedecodeFramesRejected",
                "LivedecodeModelUpdatesRefused", "LivedecodeSnapshotsSetAside", "LivedecodeKafkaUnreachable",
                "LivedecodeFramesMissing", "LivedecodeDriftDetected"),
                Set.copyOf(names));
        assertEquals(names.size(), Set.copyOf(names).size(), () -> "duplicate alert names in " + names);
    }

    @Test
    void alertsSelectOnlyContractMetrics() {
        Set<String> unknown = new TreeSet<>(rules.metricNames());
        unknown.removeAll(ContractMetrics.selectable());
        assertTrue(unknown.isEmpty(), () -> "alert expressions select metrics outside the contract: " + unknown);
    }

    @Test
    void everyAlertIsTestedFiringAndSilent() throws IOException {
        JsonNode tests = AlertRules.YAML.readTree(OpsFiles.alertRuleTests().toFile());
        assertEquals("livedecode-alerts.yml", tests.path("rule_files").path(0).asText());
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                String alert = expectation.path("alertname").asText();
                (expectation.path("exp_alerts").isEmpty() ? silent : firing).add(alert);
            }
        }
        Set<String> defined = rules.rules().stream().map(AlertRules.Rule::alert).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>(firing);
        unknown.addAll(silent);
        unknown.removeAll(defined);
        assertTrue(unknown.isEmpty(), () -> "tests name alerts that do not exist (a typo passes silently): " + unknown);
        assertEquals(new TreeSet<>(defined), firing, "alerts with a test that makes them fire");
        assertEquals(new TreeSet<>(defined), silent, "alerts with a test that keeps them silent");
    }
}
