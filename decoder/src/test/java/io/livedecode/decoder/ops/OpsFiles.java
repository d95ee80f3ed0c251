package io.livedecode.decoder.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the shipped observability files (dashboards, provisioning, Prometheus config and rules) in the repository. */
public final class OpsFiles {

    private static final String MARKER = "deploy/prometheus/prometheus.yml";

    private OpsFiles() {
    }

    /** The repository root: the nearest directory, from the working directory up, that holds the Prometheus config. */
    public static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("No " + MARKER + " in " + start + " or any parent directory");
    }

    public static Path prometheusConfig() {
        return existing(MARKER);
    }

    public static Path alertRules() {
        return existing("deploy/prometheus/rules/livedecode-alerts.yml");
    }

    public static Path alertRuleTests() {
        return existing("deploy/prometheus/rules/livedecode-alerts.test.yml");
    }

    public static Path datasourceProvisioning() {
        return existing("dashboards/provisioning/datasources/prometheus.yml");
    }

    public static Path dashboardProvisioning() {
        return existing("dashboards/provisioning/dashboards/livedecode.yml");
    }

    /** Every dashboard JSON file directly under dashboards/, sorted by name. */
    public static List<Path> dashboards() {
        Path dir = existing("dashboards");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("No dashboard JSON in " + dir);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existing(String relative) {
        Path path = repositoryRoot().resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException("Missing " + path);
        }
        return path;
    }
}
