package io.livedecode.decoder.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs promtool as a process and captures its exit code and combined output. */
public final class Promtool {

    private static final long TIMEOUT_SECONDS = 60;

    /** What one promtool run returned. */
    public record Result(List<String> command, int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The command, its exit code and its output, for assertion messages. */
        public String describe() {
            return String.join(" ", command) + " exited with " + exitCode + ":\n" + output;
        }
    }

    private Promtool() {
    }

    /** Runs {@code promtool args...} in {@code workDir}. */
    public static Result run(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(PrometheusBinaries.promtool().toString());
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("promtool", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                            + TIMEOUT_SECONDS + " s; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }
}
