package io.livedecode.decoder.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the shipped Prometheus config and alert rules with promtool, and that promtool does catch broken copies. */
class PromtoolTest {

    @Test
    void prometheusConfigIsValid() {
        Promtool.Result result = Promtool.run(OpsFiles.repositoryRoot(), "check", "config",
                OpsFiles.prometheusConfig().toString());
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.output().contains("1 rule files found"), result::describe);
    }

    @Test
    void alertRulesAreValid() {
        Promtool.Result result = Promtool.run(OpsFiles.repositoryRoot(), "check", "rules",
                OpsFiles.alertRules().toString());
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.output().contains("11 rules found"), result::describe);
    }

    @Test
    void alertRuleUnitTestsPass() {
        Promtool.Result result = Promtool.run(OpsFiles.repositoryRoot(), "test", "rules",
                OpsFiles.alertRuleTests().toString());
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.output().contains("SUCCESS"), result::describe);
    }

    @Test
    void ruleWithUnparsableExpressionIsRejected(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken-alerts.yml");
        Files.writeString(broken, replaceOnce(Files.readString(OpsFiles.alertRules()),
                "expr: livedecode_ready == 0", "expr: livedecode_ready == (0"));

        Promtool.Result result = Promtool.run(dir, "check", "rules", broken.toString());

        assertFalse(result.succeeded(), result::describe);
        assertTrue(result.output().contains("LivedecodeDecoderNotReady")
                && result.output().contains("unclosed left parenthesis"), result::describe);
    }

    @Test
    void unitTestsFailWhenALatencyThresholdIsLoosened(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("livedecode-alerts.yml"),
                replaceOnce(Files.readString(OpsFiles.alertRules()), ") > 0.1\n", ") > 0.3\n"));
        Files.copy(OpsFiles.alertRuleTests(), dir.resolve("livedecode-alerts.test.yml"));

        Promtool.Result result = Promtool.run(dir, "test", "rules", "livedecode-alerts.test.yml");

        assertFalse(result.succeeded(), result::describe);
        assertTrue(result.output().contains("alertname: LivedecodeDecodeLatencyHigh, time: 10m"), result::describe);
    }

    private static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        if (at < 0 || text.indexOf(target, at + 1) >= 0) {
            throw new IllegalArgumentException("Expected exactly one '" + target.strip() + "' in the rule file");
        }
        return text.substring(0, at) + replacement + text.substring(at + target.length());
    }
}
