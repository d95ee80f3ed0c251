package io.livedecode.decoder.bench;

import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.Optimizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The seed's PyTorch network (Debian's {@code /usr/bin/python3} with python3-torch) in a child
 * process that times single-sample predicts and SGD steps when asked, so its rounds interleave
 * with ours and it computes only while we wait. Unavailable (every figure NaN, with the reason)
 * when Python or torch is missing.
 */
final class TorchReference implements AutoCloseable {
    private static final String SCRIPT = "/io/livedecode/decoder/bench/speed_reference.py";

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path script;
    private final Path errors;
    private final String description;
    private final int threads;
    private int models;

    private TorchReference(Process process, BufferedReader out, Writer in, Path script, Path errors,
                           String description, int threads) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.script = script;
        this.errors = errors;
        this.description = description;
        this.threads = threads;
    }

    /** Starts the child with {@code threads} torch threads; never throws. */
    static TorchReference start(int threads) {
        return start(SeedRecipe.PYTHON, threads);
    }

    /** {@link #start(int)} with another interpreter. */
    static TorchReference start(String python, int threads) {
        Path script = null;
        Path errors = null;
        try {
            script = Files.createTempFile("livedecode-speed-reference", ".py");
            try (InputStream s = TorchReference.class.getResourceAsStream(SCRIPT)) {
                Files.copy(s, script, StandardCopyOption.REPLACE_EXISTING);
            }
            // Standard error goes to a file: a pipe nobody reads could fill and block the child, and
            // the file says why the child would not start (e.g. "No module named 'torch'").
            errors = Files.createTempFile("livedecode-speed-reference", ".err");
            Process p = new ProcessBuilder(python, script.toString(), Integer.toString(threads))
                    .redirectError(errors.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("ready ")) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return unavailable(python + " cannot run the PyTorch reference (" + lastLine(errors)
                        + "); install Debian's python3-torch", script, errors, threads);
            }
            return new TorchReference(p, out, in, script, errors, ready.substring("ready ".length()), threads);
        } catch (IOException e) {
            return unavailable("cannot run " + python + ": " + e.getMessage(), script, errors, threads);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted while starting " + python, script, errors, threads);
        }
    }

    /** The last non-blank line the child wrote on standard error (Python's exception), or a placeholder. */
    private static String lastLine(Path errors) {
        try {
            List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "no error output" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "no error output";
        }
    }

    private static TorchReference unavailable(String reason, Path script, Path errors, int threads) {
        TorchReference none = new TorchReference(null, null, null, script, errors, "unavailable: " + reason, threads);
        none.close();
        return none;
    }

    boolean available() {
        return process != null && process.isAlive();
    }

    /** The torch threads asked for. */
    int threads() {
        return threads;
    }

    /** "torch 1.13.0 threads 2", or "unavailable: " and why. */
    String description() {
        return description;
    }

    /** Builds an SGD model in the child; returns its id, or -1 if unavailable. */
    int model(int neurons, int hidden, double learningRate, double weightDecay) {
        return build(String.format(Locale.ROOT, "%d %d %s %s", neurons, hidden, learningRate, weightDecay));
    }

    /**
     * Builds the counterpart of {@code config} (one hidden layer at most): its first layer's size,
     * learning rate and weight decay, with torch's SGD, or its RMSprop for our RMSProp variants
     * (stock PyTorch has no factored form). Returns its id, or -1 if unavailable or deeper.
     */
    int model(int neurons, DecoderConfig config) {
        List<Integer> hidden = config.hiddenLayers();
        if (hidden.size() > 1 || config.outputs() != 2) {
            return -1;
        }
        String rmsprop = config.optimizer() == Optimizer.RMSPROP || config.optimizer() == Optimizer.RMSPROP_FACTORED
                ? String.format(Locale.ROOT, " rmsprop %s %s", config.rmsPropRho(), config.rmsPropEpsilon()) : "";
        return build(String.format(Locale.ROOT, "%d %d %s %s%s", neurons, hidden.isEmpty() ? 0 : hidden.get(0),
                config.learningRate(), config.weightDecay(), rmsprop));
    }

    private int build(String arguments) {
        if (!available()) {
            return -1;
        }
        int id = models++;
        String reply = ask("model " + id + " " + arguments);
        return "ok".equals(reply) ? id : -1;
    }

    /** Milliseconds per frame of {@code frames} predicts or steps, NaN if unavailable. */
    double time(int model, String op, int frames) {
        if (model < 0 || !available()) {
            return Double.NaN;
        }
        String reply = ask("time " + model + " " + op + " " + frames);
        try {
            return reply == null ? Double.NaN : Double.parseDouble(reply);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private String ask(String command) {
        try {
            in.write(command + "\n");
            in.flush();
            return out.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            try {
                in.write("quit\n");
                in.flush();
            } catch (IOException ignored) {
                // already gone
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        delete(script);
        delete(errors);
    }

    private static void delete(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
