package io.livedecode.decoder.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus (the Debian binary) on a random loopback port, scraping one target as job
 * {@code livedecode} every second, with its own temporary config and storage, queried over its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {

    /** One instant-vector element (or a scalar, with no labels). */
    public record Sample(Map<String, String> labels, double value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 3;

    private final Path dir;
    private final Process process;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Path dir, Process process, URI base) {
        this.dir = dir;
        this.process = process;
        this.base = base;
    }

    /** Starts Prometheus scraping {@code target} (host:port, path /metrics) with no rule files. */
    public static PrometheusServer start(String target) throws IOException {
        return start(target, List.of());
    }

    /** Starts Prometheus scraping {@code target} and evaluating {@code ruleFiles} every second; returns once it is ready. */
    public static PrometheusServer start(String target, List<Path> ruleFiles) throws IOException {
        if (!target.matches("[^\\s/:]+:\\d+")) {
            throw new IllegalArgumentException("Scrape target must be host:port, got '" + target + "'");
        }
        Path prometheus = PrometheusBinaries.prometheus();
        Path dir = Files.createTempDirectory("prometheus-");
        try {
            Files.writeString(dir.resolve("prometheus.yml"), config(target, ruleFiles));
            IllegalStateException last = null;
            // A free port found now may be taken before Prometheus binds it; try a fresh one.
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = freeLoopbackPort();
                Process process = new ProcessBuilder(prometheus.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
                PrometheusServer server = new PrometheusServer(dir, process, URI.create("http://127.0.0.1:" + port));
                try {
                    server.awaitReady();
                    return server;
                } catch (IllegalStateException e) {
                    last = e;
                    server.stop();
                }
            }
            throw last;
        } catch (IOException | RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    public URI baseUri() {
        return base;
    }

    /** Runs an instant query now; throws with Prometheus' error message when the query is rejected. */
    public List<Sample> query(String promql) {
        JsonNode data = api("/api/v1/query", Map.of("query", promql));
        List<Sample> samples = new ArrayList<>();
        switch (data.path("resultType").asText()) {
            case "vector" -> {
                for (JsonNode element : data.path("result")) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    element.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                    samples.add(new Sample(labels, number(element.path("value").path(1).asText())));
                }
            }
            case "scalar" -> samples.add(new Sample(Map.of(), number(data.path("result").path(1).asText())));
            default -> throw new IllegalArgumentException("Query returned " + data.path("resultType").asText()
                    + ", not an instant vector or scalar: " + promql);
        }
        return samples;
    }

    /** The values of {@code label} on series matching {@code selector} (all series when blank), sorted. */
    public List<String> labelValues(String selector, String label) {
        Map<String, String> params = selector.isBlank() ? Map.of() : Map.of("match[]", selector);
        List<String> values = new ArrayList<>();
        api("/api/v1/label/" + label + "/values", params).forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The rule groups as Prometheus reports them ({@code /api/v1/rules}: state, health, lastError per rule). */
    public JsonNode ruleGroups() {
        return api("/api/v1/rules", Map.of()).path("groups");
    }

    /** The scrape targets' state ({@code /api/v1/targets}: health, lastError per target). */
    public JsonNode activeTargets() {
        return api("/api/v1/targets", Map.of()).path("activeTargets");
    }

    /** Waits until Prometheus has stored {@code scrapes} successful scrapes of the target. */
    public void awaitScrapes(int scrapes, Duration timeout) {
        String promql = "sum_over_time(up{job=\"livedecode\"}[10m])";
        awaitQuery(promql, s -> !s.isEmpty() && s.getFirst().value() >= scrapes, timeout,
                () -> "target health: " + activeTargets());
    }

    /** Waits until every rule group has been evaluated at least once. */
    public void awaitRuleEvaluation(Duration timeout) {
        await(() -> {
            JsonNode groups = ruleGroups();
            if (groups.isEmpty()) {
                return false;
            }
            for (JsonNode group : groups) {
                if (group.path("lastEvaluation").asText().startsWith("0001-")) {
                    return false;
                }
            }
            return true;
        }, timeout, () -> "rule groups not evaluated: " + ruleGroups());
    }

    /** Waits until {@code promql} returns samples that satisfy {@code done}. */
    public void awaitQuery(String promql, Predicate<List<Sample>> done, Duration timeout,
                           Supplier<String> diagnosis) {
        await(() -> done.test(query(promql)), timeout, () -> promql + " returned " + query(promql) + "; " + diagnosis.get());
    }

    /** Stops Prometheus and deletes its config, storage and log. */
    @Override
    public void close() {
        stop();
        deleteRecursively(dir);
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        await(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Prometheus", e);
            }
        }, START_TIMEOUT, () -> "Prometheus at " + base + " not ready:\n" + logTail());
    }

    private JsonNode api(String path, Map<String, String> params) {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path + (form.isEmpty() ? "" : "?" + form)))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new IllegalArgumentException("Prometheus answered " + response.statusCode() + " to " + path
                        + " " + params + ": " + body.path("errorType").asText() + ": " + body.path("error").asText());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach Prometheus at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while querying Prometheus", e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("prometheus.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout,
                              Supplier<String> diagnosis) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s: " + diagnosis.get());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Prometheus", e);
            }
        }
    }

    private static String config(String target, List<Path> ruleFiles) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                """);
        if (!ruleFiles.isEmpty()) {
            yaml.append("rule_files:\n");
            ruleFiles.forEach(f -> yaml.append("  - '").append(f.toAbsolutePath()).append("'\n"));
        }
        yaml.append("""
                scrape_configs:
                  - job_name: livedecode
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['%s']
                """.formatted(target));
        return yaml.toString();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}
