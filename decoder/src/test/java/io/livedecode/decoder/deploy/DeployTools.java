package io.livedecode.decoder.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the offline validators of the deploy files (docker-compose, kubectl kustomize, the node
 * scripts in deploy/validate) as real processes, installing the node packages on first use.
 */
final class DeployTools {

    private static final long TIMEOUT_SECONDS = 300;
    private static boolean nodePackagesReady;

    private DeployTools() {
    }

    /** What a finished command returned. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** Fails the test, showing the command's output, unless it exited 0. */
        Result assertSucceeded() {
            assertEquals(0, exitCode, () -> describe());
            return this;
        }

        String describe() {
            return String.join(" ", command) + " exited " + exitCode
                    + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** The repository root: surefire runs in decoder/, whose parent holds deploy/. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("deploy"))
                    && Files.isRegularFile(candidate.resolve("pom.xml"))
                    && Files.isDirectory(candidate.resolve("decoder"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (with deploy/ and decoder/) above " + dir);
    }

    static Path validateDir() {
        return repoRoot().resolve("deploy/validate");
    }

    static Result run(List<String> command, Path workDir, String stdin, Map<String, String> env) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("livedecode-deploy", ".out");
            err = Files.createTempFile("livedecode-deploy", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process process = builder.start();
            if (stdin != null) {
                try (var in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(List.copyOf(command), process.exitValue(),
                    Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    static Result run(String... command) {
        return run(List.of(command), repoRoot(), null, Map.of());
    }

    /** Fails with what to install when a tool the checks need is missing. */
    static void requireTool(String tool, String howToGetIt) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(tool + " is not on PATH; the deploy checks need it: " + howToGetIt);
    }

    /** Installs deploy/validate's locked node packages once (npm ci), when they are missing. */
    static synchronized void ensureNodePackages() {
        if (nodePackagesReady) {
            return;
        }
        requireTool("node", "Node.js 20+ (Debian package nodejs)");
        Path installed = validateDir().resolve("node_modules/.package-lock.json");
        Path lock = validateDir().resolve("package-lock.json");
        try {
            boolean stale = !Files.exists(installed)
                    || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) < 0;
            if (stale) {
                requireTool("npm", "npm (Debian package npm)");
                Result npm = run(List.of("npm", "ci", "--prefix", validateDir().toString(),
                        "--no-audit", "--no-fund"), repoRoot(), null, Map.of());
                if (npm.exitCode() != 0) {
                    fail("npm ci in deploy/validate failed (is the npm registry reachable?)\n" + npm.describe());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        nodePackagesReady = true;
    }

    /** Runs one of deploy/validate's node scripts. */
    static Result node(String script, String stdin, String... args) {
        ensureNodePackages();
        List<String> command = new ArrayList<>(List.of("node", validateDir().resolve(script).toString()));
        command.addAll(List.of(args));
        return run(command, repoRoot(), stdin, Map.of());
    }

    /** The documents of a YAML file (or YAML text, when stdin is given) as a JSON array. */
    static JsonArray yamlDocuments(Path file) {
        return new JsonArray(node("yaml-to-json.mjs", null, file.toString()).assertSucceeded().stdout());
    }

    static JsonArray yamlDocuments(String yaml) {
        return new JsonArray(node("yaml-to-json.mjs", yaml, "-").assertSucceeded().stdout());
    }

    private static final Map<String, JsonArray> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The objects kustomize renders from a directory of the repository (rendered once per run). */
    static JsonArray renderedObjects(String relativeDir) {
        return RENDERED.computeIfAbsent(relativeDir, dir ->
                yamlDocuments(kustomize(repoRoot().resolve(dir)).assertSucceeded().stdout()));
    }

    /** The one rendered object of a kind whose name starts with a prefix (a ConfigMap has a hash suffix). */
    static io.vertx.core.json.JsonObject object(JsonArray objects, String kind, String namePrefix) {
        List<io.vertx.core.json.JsonObject> found = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            io.vertx.core.json.JsonObject o = objects.getJsonObject(i);
            if (kind.equals(o.getString("kind"))
                    && o.getJsonObject("metadata").getString("name").startsWith(namePrefix)) {
                found.add(o);
            }
        }
        assertEquals(1, found.size(), () -> "expected one " + kind + " named " + namePrefix + "*, found " + found.size());
        return found.getFirst();
    }

    /** kubectl kustomize DIR: the rendered multi-document YAML. */
    static Result kustomize(Path dir) {
        requireTool("kubectl", "kubectl with its built-in kustomize (v5), e.g. the machine image's /usr/bin/kubectl");
        return run(List.of("kubectl", "kustomize", dir.toString()), repoRoot(), null, Map.of());
    }

    /**
     * docker-compose config: parses, interpolates and validates against the Compose schema
     * without a Docker engine; DOCKER_HOST points nowhere to prove it.
     */
    static Result composeConfig(Path file, String... extra) {
        requireTool("docker-compose", "Debian package docker-compose (scripts/install-system-deps test)");
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", file.toString(), "config"));
        command.addAll(List.of(extra));
        return run(command, file.getParent(), null, Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"));
    }

    /** Copies a directory tree (small: manifests only). */
    static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** Replaces exactly one occurrence of a text in a file, so a negative test breaks what it means to. */
    static void replaceOnce(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException("'" + from + "' must occur exactly once in " + file);
        }
        Files.writeString(file, text.substring(0, at) + to + text.substring(at + from.length()));
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
