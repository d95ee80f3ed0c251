package io.livedecode.decoder.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every dashboard expression and every alert rule in a real Prometheus scraping a fake decoder
 * that exports the whole metrics contract: each expression must return a finite series, and the
 * rules must evaluate cleanly and stay silent on healthy metrics.
 */
class DashboardQueriesIT {

    private static FakeMetricsTarget decoder;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void start() throws IOException {
        decoder = FakeMetricsTarget.serve(FakeMetricsTarget.contractExposition());
        prometheus = PrometheusServer.start(decoder.target(), List.of(OpsFiles.alertRules()));
        // rate() over the 1m windows needs two samples; a few more make the check robust to a slow first scrape.
        prometheus.awaitScrapes(4, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (decoder != null) {
            decoder.close();
        }
    }

    @Test
    void everyDashboardExpressionReturnsFiniteSeries() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (DashboardQueries dashboard : DashboardQueries.loadAll()) {
            Map<String, String> values = dashboard.resolveVariables(prometheus);
            for (DashboardQueries.Query query : dashboard.queries(values)) {
                checked++;
                List<PrometheusServer.Sample> samples = prometheus.query(query.expr());
                if (samples.isEmpty()) {
                    failures.add(query.where() + " returned no series: " + query.expr());
                } else if (samples.stream().anyMatch(s -> !Double.isFinite(s.value()))) {
                    failures.add(query.where() + " returned " + samples + ": " + query.expr());
                }
            }
        }
        int total = checked;
        assertTrue(failures.isEmpty(), () -> failures.size() + " of " + total + " expressions failed:\n" + String.join("\n", failures));
        assertTrue(total >= 20, "only " + total + " expressions checked");
    }

    @Test
    void everyMetricNamedByDashboardsOrAlertsIsExported() {
        Set<String> names = new TreeSet<>(AlertRules.load(OpsFiles.alertRules()).metricNames());
        DashboardQueries.loadAll().forEach(d -> names.addAll(d.metricNames()));
        Set<String> missing = new TreeSet<>();
        for (String name : names) {
            if (prometheus.query("count({__name__=\"" + name + "\"})").isEmpty()) {
                missing.add(name);
            }
        }
        assertTrue(missing.isEmpty(), () -> "no series for " + missing + " (of " + names.size() + " names referenced)");
    }

    @Test
    void alertRulesEvaluateCleanlyAndStaySilentWhenHealthy() {
        prometheus.awaitRuleEvaluation(Duration.ofSeconds(10));
        List<String> problems = new ArrayList<>();
        int rules = 0;
        for (JsonNode group : prometheus.ruleGroups()) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                String name = rule.path("name").asText();
                if (!"ok".equals(rule.path("health").asText())) {
                    problems.add(name + " health " + rule.path("health").asText() + ": " + rule.path("lastError").asText());
                }
                if (!"inactive".equals(rule.path("state").asText())) {
                    problems.add(name + " is " + rule.path("state").asText() + " on healthy metrics: " + rule.path("alerts"));
                }
            }
        }
        int total = rules;
        int shipped = AlertRules.load(OpsFiles.alertRules()).rules().size();
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        assertTrue(shipped >= 9 && total == shipped, "expected the " + shipped + " shipped alerts loaded, found " + total);
    }
}
