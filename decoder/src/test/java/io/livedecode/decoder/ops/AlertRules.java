package io.livedecode.decoder.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The alerting rules of a Prometheus rule file, read as data. */
public final class AlertRules {

    /** One alerting rule; {@code forDuration} is empty when the rule has no {@code for:}. */
    public record Rule(String group, String alert, String expr, String forDuration,
                       Map<String, String> labels, Map<String, String> annotations) {
    }

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<Rule> rules;

    private AlertRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static AlertRules load(Path ruleFile) {
        JsonNode root;
        try {
            root = YAML.readTree(ruleFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read rule file " + ruleFile, e);
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    rules.add(new Rule(group.path("name").asText(), rule.path("alert").asText(),
                            rule.path("expr").asText(), rule.path("for").asText(""),
                            strings(rule.path("labels")), strings(rule.path("annotations"))));
                }
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalStateException("No alerting rule in " + ruleFile);
        }
        return new AlertRules(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Every metric name the rules' expressions select. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        rules.forEach(r -> names.addAll(PromqlNames.metricNames(r.expr())));
        return names;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
