package io.livedecode.decoder.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** `livedecode serve` in a separate JVM, so a test can kill it as abruptly as a power cut. */
final class ChildDecoder implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildDecoder(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildDecoder serve(String bootstrap, Map<String, String> settings, Path log) throws IOException {
        return serve(bootstrap, settings, List.of(), log);
    }

    /** @param jvmOptions extra JVM options, e.g. system properties that turn on test-only delays or logs */
    static ChildDecoder serve(String bootstrap, Map<String, String> settings, List<String> jvmOptions, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx1g"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.livedecode.decoder.cli.Main", "serve",
                "--bootstrap-servers", bootstrap, "--http-port", "0"));
        settings.forEach((k, v) -> command.add("--set=" + k + "=" + v));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildDecoder(process, log);
    }

    /** Ends the process at once (SIGKILL): no flush, no commit, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the service stops consuming, commits and leaves the group. */
    void terminate() throws InterruptedException {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
