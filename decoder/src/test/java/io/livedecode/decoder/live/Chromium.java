package io.livedecode.decoder.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium, driven over the Chrome DevTools Protocol with the JDK's own HTTP
 * and WebSocket clients: one page, JavaScript evaluation and screenshots. Each instance gets a
 * fresh profile directory; the flags keep it from reaching for any network but the page's.
 */
final class Chromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts Chromium with a {@code width} x {@code height} window; its output goes to {@code log}. */
    static Chromium launch(int width, int height, Path log) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("livedecode-chromium-");
        List<String> command = new ArrayList<>(List.of(executable(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--window-size=" + width + "," + height, "about:blank"));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        try {
            int port = debuggingPort(profile, process, log);
            HttpClient http = HttpClient.newHttpClient();
            String page = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (page == null && System.nanoTime() < deadline) {
                HttpResponse<String> list = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString());
                for (JsonNode target : JSON.readTree(list.body())) {
                    if ("page".equals(target.path("type").asText())) {
                        page = target.get("webSocketDebuggerUrl").asText();
                    }
                }
                if (page == null) {
                    Thread.sleep(100);
                }
            }
            if (page == null) {
                throw new IllegalStateException("Chromium opened no page; see " + log);
            }
            Chromium[] self = new Chromium[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener(self)).join();
            self[0] = new Chromium(process, profile, socket);
            self[0].command("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 1, "mobile", false));
            return self[0];
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(process);
            deleteTree(profile);
            throw e;
        }
    }

    /** Loads {@code url} in the page. */
    void navigate(String url) {
        command("Page.navigate", Map.of("url", url));
    }

    /** Evaluates a JavaScript expression in the page; returns its value as JSON. */
    JsonNode evaluate(String expression) {
        JsonNode reply = command("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (reply.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + reply.get("exceptionDetails"));
        }
        return reply.path("result").path("value");
    }

    /**
     * Polls {@code expression} until it is true (a script error, e.g. while the page loads, counts
     * as false), or fails after {@code timeout} showing {@code describe}'s value.
     */
    void await(String expression, Duration timeout, String describe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate(guarded(expression, "false")).asBoolean(false)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("after " + timeout.toSeconds() + " s the page still fails '" + expression + "': "
                + evaluate(guarded(describe, "String(e)")));
    }

    private static String guarded(String expression, String onError) {
        return "(() => { try { return (" + expression + "); } catch (e) { return " + onError + "; } })()";
    }

    /** The page as a PNG. */
    byte[] screenshot() {
        JsonNode reply = command("Page.captureScreenshot", Map.of("format", "png"));
        return Base64.getDecoder().decode(reply.get("data").asText());
    }

    JsonNode command(String method, Map<String, Object> params) {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(message.toString(), true).join();
        JsonNode answer;
        try {
            answer = reply.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no answer: " + e, e);
        } finally {
            pending.remove(id);
        }
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.get("result");
    }

    @Override
    public void close() {
        socket.abort();
        stop(process);
        deleteTree(profile);
    }

    private static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "chromium"))) {
                return Path.of(dir, "chromium").toString();
            }
        }
        throw new IllegalStateException("the 'chromium' package is needed: scripts/install-system-deps test");
    }

    /** Chromium writes the port it chose into its profile. */
    private static int debuggingPort(Path profile, Process process, Path log) throws IOException, InterruptedException {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + "; see " + log);
            }
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.getFirst().isBlank()) {
                    return Integer.parseInt(lines.getFirst().strip());
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Chromium did not open its debugging port within 30 s; see " + log);
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects each message's fragments and hands replies to the command waiting for them. */
    private static final class Listener implements WebSocket.Listener {
        private final Chromium[] owner;
        private final StringBuilder text = new StringBuilder();

        Listener(Chromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    Chromium chromium = owner[0];
                    if (message.has("id") && chromium != null) {
                        CompletableFuture<JsonNode> reply = chromium.pending.get(message.get("id").asLong());
                        if (reply != null) {
                            reply.complete(message);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    text.setLength(0);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
