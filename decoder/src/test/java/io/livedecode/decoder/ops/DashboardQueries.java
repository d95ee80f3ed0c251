package io.livedecode.decoder.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every panel expression of a Grafana dashboard, with template variables substituted as Grafana would. */
public final class DashboardQueries {

    /** One panel target; {@code expr} is raw or substituted depending on where it came from. */
    public record Query(String dashboard, int panelId, String panelTitle, String refId, String expr) {

        /** Where the query sits, for assertion messages. */
        public String where() {
            return dashboard + " panel " + panelId + " '" + panelTitle + "' target " + refId;
        }
    }

    /** A template variable: its name, Grafana type, query text and whether it offers "All". */
    public record Variable(String name, String type, String query, String current, boolean includeAll) {
    }

    /** Grafana's built-in interval variables, at values valid for a 1-15 s scrape interval. */
    public static final Map<String, String> GRAFANA_BUILTINS = Map.of(
            "__rate_interval", "1m", "__interval", "15s", "__interval_ms", "15000",
            "__range", "5m", "__range_s", "300", "__range_ms", "300000");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{(\\w+)(?::[\\w-]+)?}|\\[\\[(\\w+)(?::[\\w-]+)?]]|\\$([a-zA-Z_]\\w*)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((?:(.*),)?\\s*([a-zA-Z_]\\w*)\\s*\\)\\s*$");

    private final String name;
    private final JsonNode root;
    private final List<Query> rawQueries;
    private final List<Variable> variables;

    private DashboardQueries(String name, JsonNode root) {
        this.name = name;
        this.root = root;
        this.rawQueries = collectQueries(name, root);
        this.variables = collectVariables(root);
    }

    public static DashboardQueries load(Path dashboardJson) {
        try {
            return new DashboardQueries(dashboardJson.getFileName().toString(), JSON.readTree(dashboardJson.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dashboard " + dashboardJson, e);
        }
    }

    /** Every dashboard the repository ships. */
    public static List<DashboardQueries> loadAll() {
        return OpsFiles.dashboards().stream().map(DashboardQueries::load).toList();
    }

    public String name() {
        return name;
    }

    public JsonNode json() {
        return root;
    }

    public List<Variable> variables() {
        return variables;
    }

    /** The expressions as written, with template variables in place. */
    public List<Query> rawQueries() {
        return rawQueries;
    }

    /** The expressions with {@code values} and {@link #GRAFANA_BUILTINS} substituted; an undefined variable throws. */
    public List<Query> queries(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(GRAFANA_BUILTINS);
        all.putAll(values);
        return rawQueries.stream()
                .map(q -> new Query(q.dashboard(), q.panelId(), q.panelTitle(), q.refId(), substitute(q.expr(), all)))
                .toList();
    }

    /** Every metric name the panel expressions select. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        rawQueries.forEach(q -> names.addAll(PromqlNames.metricNames(q.expr())));
        return names;
    }

    /**
     * Picks a value for each variable the way Grafana would on first load: query variables run their
     * {@code label_values} against {@code prometheus} (in order, so later ones see earlier values) and
     * take the first value sorted; a data-source variable keeps its current value.
     */
    public Map<String, String> resolveVariables(PrometheusServer prometheus) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Variable v : variables) {
            switch (v.type()) {
                case "datasource" -> values.put(v.name(), v.current());
                case "constant", "textbox" -> values.put(v.name(), v.query());
                case "custom" -> values.put(v.name(), v.query().split(",")[0].strip());
                case "query" -> {
                    Matcher m = LABEL_VALUES.matcher(substitute(v.query(), values));
                    if (!m.matches()) {
                        throw new IllegalArgumentException("Variable " + v.name() + " of " + name
                                + " is not a label_values(selector, label) query: " + v.query());
                    }
                    List<String> found = prometheus.labelValues(m.group(1) == null ? "" : m.group(1).strip(), m.group(2));
                    if (found.isEmpty()) {
                        throw new IllegalStateException("Variable " + v.name() + " of " + name + " has no value: "
                                + substitute(v.query(), values) + " found nothing");
                    }
                    values.put(v.name(), found.getFirst());
                }
                default -> throw new IllegalArgumentException("Variable " + v.name() + " of " + name
                        + " has unsupported type " + v.type());
            }
        }
        return values;
    }

    /** Replaces {@code $name}, {@code ${name}}, {@code ${name:format}} and {@code [[name]]}; throws naming any undefined one. */
    public static String substitute(String text, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String variable = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = values.get(variable);
            if (value == null) {
                throw new IllegalArgumentException("Undefined variable $" + variable + " in: " + text
                        + " (defined: " + new TreeSet<>(values.keySet()) + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Every panel of the dashboard, including those nested in collapsed rows, rows themselves included. */
    public static List<JsonNode> allPanels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static List<Query> collectQueries(String name, JsonNode root) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : allPanels(root)) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(name, panel.path("id").asInt(), panel.path("title").asText(),
                        target.path("refId").asText(), target.path("expr").asText("")));
            }
        }
        return List.copyOf(queries);
    }

    private static List<Variable> collectVariables(JsonNode root) {
        List<Variable> variables = new ArrayList<>();
        for (JsonNode v : root.path("templating").path("list")) {
            JsonNode query = v.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            variables.add(new Variable(v.path("name").asText(), v.path("type").asText(), text,
                    v.path("current").path("value").asText(""), v.path("includeAll").asBoolean()));
        }
        return List.copyOf(variables);
    }
}
