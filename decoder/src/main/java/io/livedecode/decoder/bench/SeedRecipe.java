package io.livedecode.decoder.bench;

import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.BufferedOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the teaching exercise's own recipe (a PyTorch ReLU network regressing raw degrees, full
 * batch SGD) with Debian's {@code /usr/bin/python3} and python3-torch on exactly the trials the
 * Java decoders see, and returns its held-out median absolute error.
 */
final class SeedRecipe {

    static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = "/io/livedecode/decoder/bench/seed_recipe.py";
    private static final Pattern ERROR = Pattern.compile("\"median_error_deg\": ([0-9.eE+-]+)");

    private SeedRecipe() {
    }

    /** Median absolute circular error (degrees) on trials [trainEnd, end) after training on [0, trainEnd). */
    static double medianError(TrialSource source, int trainEnd, int end, int iterations) throws IOException,
            InterruptedException {
        Path dir = Files.createTempDirectory("livedecode-seed-recipe");
        try {
            write(source, 0, trainEnd, dir.resolve("x_train.f32"), dir.resolve("y_train.f32"));
            write(source, trainEnd, end, dir.resolve("x_test.f32"), dir.resolve("y_test.f32"));
            Path script = dir.resolve("seed_recipe.py");
            try (InputStream in = SeedRecipe.class.getResourceAsStream(SCRIPT)) {
                Files.copy(in, script);
            }
            Process p = new ProcessBuilder(PYTHON, script.toString(), dir.toString(), Integer.toString(trainEnd),
                    Integer.toString(end - trainEnd), Integer.toString(source.neurons()), "200",
                    Integer.toString(iterations)).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("the PyTorch recipe failed (needs Debian python3-torch and python3-numpy"
                        + " for " + PYTHON + "):\n" + output);
            }
            Matcher m = ERROR.matcher(output);
            if (!m.find()) {
                throw new IllegalStateException("the PyTorch recipe printed no error figure:\n" + output);
            }
            return Double.parseDouble(m.group(1));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void write(TrialSource source, int from, int to, Path x, Path y) throws IOException {
        ByteBuffer row = ByteBuffer.allocate(Float.BYTES * source.neurons()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer labels = ByteBuffer.allocate(Float.BYTES * (to - from)).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(x), 1 << 20)) {
            for (int i = from; i < to; i++) {
                Trial t = source.trial(i);
                row.clear();
                row.asFloatBuffer().put(t.responses());
                out.write(row.array());
                labels.putFloat((float) t.stimulusDegrees());
            }
        }
        Files.write(y, labels.array());
    }
}
