package io.livedecode.decoder.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the shipped Grafana dashboards are importable and provisionable: ids, layout, data sources, targets, variables. */
class DashboardStructureTest {

    static final String INPUT = "DS_PROMETHEUS";
    static final String DATASOURCE_UID = "${" + INPUT + "}";
    static final String PROVISIONED_UID = "livedecode-prometheus";
    private static final int GRID_COLUMNS = 24;

    static List<DashboardQueries> dashboards() {
        return DashboardQueries.loadAll();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void identityIsStable(DashboardQueries dashboard) {
        JsonNode root = dashboard.json();
        assertTrue(root.has("id") && root.get("id").isNull(), "id must be null so imports never overwrite by id");
        assertEquals(dashboard.name().replaceFirst("\\.json$", ""), root.path("uid").asText(),
                "uid must equal the file name, so links and provisioning survive re-imports");
        assertTrue(root.path("uid").asText().matches("[a-zA-Z0-9_-]{1,40}"), "uid " + root.path("uid"));
        assertEquals(39, root.path("schemaVersion").asInt());
        assertFalse(root.path("tags").isEmpty(), "tags");
        assertFalse(root.path("refresh").asText().isBlank(), "refresh");
        assertFalse(root.path("title").asText().isBlank(), "title");
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void declaresOnePrometheusInput(DashboardQueries dashboard) {
        JsonNode inputs = dashboard.json().path("__inputs");
        assertEquals(1, inputs.size(), "__inputs: " + inputs);
        assertEquals(INPUT, inputs.path(0).path("name").asText());
        assertEquals("datasource", inputs.path(0).path("type").asText());
        assertEquals("prometheus", inputs.path(0).path("pluginId").asText());
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void firstRowIsOverview(DashboardQueries dashboard) {
        JsonNode first = dashboard.json().path("panels").path(0);
        assertEquals("row", first.path("type").asText());
        assertEquals("Overview", first.path("title").asText());
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void panelIdsAreUnique(DashboardQueries dashboard) {
        Set<Integer> seen = new HashSet<>();
        for (JsonNode panel : DashboardQueries.allPanels(dashboard.json())) {
            assertTrue(panel.path("id").isInt(), () -> "panel without integer id: " + panel.path("title"));
            assertTrue(seen.add(panel.path("id").asInt()), () -> "duplicate panel id " + panel.path("id"));
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void panelsFitTheGridWithoutOverlapping(DashboardQueries dashboard) {
        List<JsonNode> visible = new ArrayList<>();
        dashboard.json().path("panels").forEach(visible::add);
        assertNoOverlap(visible);
        // Panels inside a collapsed row are laid out on their own when the row opens.
        for (JsonNode panel : visible) {
            List<JsonNode> nested = new ArrayList<>();
            panel.path("panels").forEach(nested::add);
            assertNoOverlap(nested);
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyDataSourceIsThePrometheusInput(DashboardQueries dashboard) {
        List<String> references = new ArrayList<>();
        visitDataSources(dashboard.json(), references::add);
        long panelsWithTargets = DashboardQueries.allPanels(dashboard.json()).stream()
                .filter(p -> !p.path("targets").isEmpty()).count();
        assertTrue(references.size() >= panelsWithTargets * 2, "expected a data source on every panel and target, found "
                + references.size());
        for (String reference : references) {
            assertEquals("prometheus/" + DATASOURCE_UID, reference);
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelHasTargetsWithExpressions(DashboardQueries dashboard) {
        for (JsonNode panel : DashboardQueries.allPanels(dashboard.json())) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            String title = panel.path("title").asText();
            assertTrue(panel.has("gridPos"), () -> title + " has no gridPos");
            assertFalse(panel.path("targets").isEmpty(), () -> title + " has no targets");
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertFalse(target.path("expr").asText().isBlank(), () -> title + " has a target without expr");
                assertTrue(refIds.add(target.path("refId").asText()), () -> title + " repeats refId " + target.path("refId"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void variablesUseTheDataSourceAndCoverEveryReference(DashboardQueries dashboard) {
        JsonNode list = dashboard.json().path("templating").path("list");
        JsonNode dsVariable = list.path(0);
        assertEquals(INPUT, dsVariable.path("name").asText(), "first variable resolves ${DS_PROMETHEUS} when provisioned");
        assertEquals("datasource", dsVariable.path("type").asText());
        assertEquals("prometheus", dsVariable.path("query").asText());
        assertEquals(PROVISIONED_UID, dsVariable.path("current").path("value").asText());
        for (JsonNode variable : list) {
            if (variable.path("type").asText().equals("query")) {
                assertEquals(DATASOURCE_UID, variable.path("datasource").path("uid").asText(),
                        () -> "variable " + variable.path("name") + " data source");
                assertTrue(variable.path("definition").asText().startsWith("label_values("),
                        () -> "variable " + variable.path("name") + " definition " + variable.path("definition"));
            }
        }
        // Substituting only the declared variables must leave no reference unresolved (throws otherwise).
        Map<String, String> values = new HashMap<>();
        dashboard.variables().forEach(v -> values.put(v.name(), "x"));
        dashboard.queries(values);
        for (JsonNode panel : DashboardQueries.allPanels(dashboard.json())) {
            DashboardQueries.substitute(panel.path("title").asText(), values);
        }
    }

    @Test
    void provisionedDataSourceMatchesTheDashboardVariable() throws IOException {
        JsonNode datasources = AlertRules.YAML.readTree(OpsFiles.datasourceProvisioning().toFile()).path("datasources");
        assertEquals(1, datasources.size());
        JsonNode ds = datasources.path(0);
        assertEquals("prometheus", ds.path("type").asText());
        assertEquals(PROVISIONED_UID, ds.path("uid").asText());
        assertEquals("http://prometheus:9090", ds.path("url").asText());
        assertTrue(ds.path("isDefault").asBoolean());
    }

    @Test
    void dashboardProviderLoadsFromTheMountedDirectory() throws IOException {
        JsonNode providers = AlertRules.YAML.readTree(OpsFiles.dashboardProvisioning().toFile()).path("providers");
        assertEquals(1, providers.size());
        assertEquals("file", providers.path(0).path("type").asText());
        assertEquals("/var/lib/grafana/dashboards", providers.path(0).path("options").path("path").asText());
    }

    private static void assertNoOverlap(List<JsonNode> panels) {
        for (int i = 0; i < panels.size(); i++) {
            int[] a = box(panels.get(i));
            for (int j = i + 1; j < panels.size(); j++) {
                int[] b = box(panels.get(j));
                boolean disjoint = a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1] || b[1] + b[3] <= a[1];
                String pair = panels.get(i).path("title") + " " + panels.get(i).path("gridPos") + " and "
                        + panels.get(j).path("title") + " " + panels.get(j).path("gridPos");
                assertTrue(disjoint, () -> "overlapping panels: " + pair);
            }
        }
    }

    /** x, y, w, h of a panel, checked to lie inside the 24-column grid. */
    private static int[] box(JsonNode panel) {
        JsonNode pos = panel.path("gridPos");
        for (String key : List.of("x", "y", "w", "h")) {
            assertTrue(pos.path(key).isInt(), () -> panel.path("title") + " gridPos." + key + " missing: " + pos);
        }
        int x = pos.path("x").asInt(), y = pos.path("y").asInt(), w = pos.path("w").asInt(), h = pos.path("h").asInt();
        assertTrue(x >= 0 && y >= 0 && w >= 1 && h >= 1 && x + w <= GRID_COLUMNS,
                () -> panel.path("title") + " lies outside the " + GRID_COLUMNS + "-column grid: " + pos);
        return new int[] {x, y, w, h};
    }

    private static void visitDataSources(JsonNode node, Consumer<String> sink) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("datasource")) {
                    JsonNode ds = e.getValue();
                    sink.accept(ds.isObject() ? ds.path("type").asText() + "/" + ds.path("uid").asText() : "string:" + ds.asText());
                } else {
                    visitDataSources(e.getValue(), sink);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> visitDataSources(child, sink));
        }
    }
}
