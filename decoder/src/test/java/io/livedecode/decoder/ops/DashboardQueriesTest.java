package io.livedecode.decoder.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardQueriesTest {

    @Test
    void substitutesEveryGrafanaVariableSyntax() {
        Map<String, String> values = Map.of("session", "s1", "variant", "linear", "__rate_interval", "1m");
        assertEquals("rate(x{session=\"s1\", variant=~\"linear\"}[1m]) + y{v=\"linear\"} + z{s=\"s1\"}",
                DashboardQueries.substitute(
                        "rate(x{session=\"$session\", variant=~\"${variant}\"}[$__rate_interval]) + y{v=\"${variant:regex}\"} + z{s=\"[[session]]\"}",
                        values));
    }

    @Test
    void leavesRegexBackReferencesAlone() {
        assertEquals("label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")",
                DashboardQueries.substitute("label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")", Map.of()));
    }

    @Test
    void undefinedVariableIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DashboardQueries.substitute("x{session=\"$sesion\"}", Map.of("session", "s1")));
        assertTrue(e.getMessage().contains("$sesion"), e.getMessage());
    }

    @Test
    void shippedDashboardQueriesSubstituteCompletely() {
        for (DashboardQueries dashboard : DashboardQueries.loadAll()) {
            List<DashboardQueries.Query> queries = dashboard.queries(Map.of("session", "s1", "variant", ".*"));
            assertTrue(queries.size() >= 20, () -> dashboard.name() + " has only " + queries.size() + " queries");
            for (DashboardQueries.Query q : queries) {
                assertFalse(q.expr().contains("$"), () -> q.where() + " still holds a variable: " + q.expr());
            }
        }
    }

    @Test
    void variablesAreTheDataSourceThenSessionThenVariant() {
        DashboardQueries dashboard = DashboardQueries.load(OpsFiles.repositoryRoot().resolve("dashboards/livedecode-decoder.json"));
        assertEquals(List.of("DS_PROMETHEUS", "session", "variant"),
                dashboard.variables().stream().map(DashboardQueries.Variable::name).toList());
        assertEquals("label_values(livedecode_model_version{session=\"$session\"}, variant)",
                dashboard.variables().get(2).query());
    }
}
