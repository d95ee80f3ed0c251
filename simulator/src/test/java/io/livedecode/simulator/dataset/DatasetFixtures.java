package io.livedecode.simulator.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livedecode.simulator.source.Trial;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Writes the test files with real numpy ({@code src/test/python/write_dataset_fixtures.py}) and
 * checks loaded sessions against the expectations that script writes beside each file.
 */
final class DatasetFixtures {

    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("src/test/python/write_dataset_fixtures.py");

    private DatasetFixtures() {
    }

    /** Runs the generator into {@code dir}; fails (never skips) when Python or numpy is missing. */
    static void write(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError(PYTHON + " is missing: the dataset tests need Debian's python3 with numpy "
                    + "(apt-get install python3-numpy)");
        }
        Process process = new ProcessBuilder(PYTHON, SCRIPT.toString(), dir.toString())
                .redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(PYTHON + " " + SCRIPT + " failed; the dataset tests need numpy for "
                    + PYTHON + " (apt-get install python3-numpy). Output:\n" + output);
        }
    }

    /** Asserts bit-exact responses, angles within 1e-9 degrees and, when given, exact times. */
    static void assertMatches(Path file, LoadedSession session, int neurons, int trials, double[] expectedSeconds)
            throws IOException {
        assertEquals(neurons, session.neurons(), "neurons");
        assertEquals(trials, session.trials(), "trials");
        float[] responses = floats(Path.of(file + ".resp.f32"));
        double[] degrees = doubles(Path.of(file + ".deg.f64"));
        assertEquals(neurons * trials, responses.length);
        for (int t = 0; t < trials; t++) {
            Trial trial = session.trial(t);
            assertEquals(t, trial.index());
            float[] expected = new float[neurons];
            System.arraycopy(responses, t * neurons, expected, 0, neurons);
            assertArrayEquals(expected, trial.responses(), "responses of trial " + t);
            assertEquals(degrees[t], trial.stimulusDegrees(), 1e-9, "degrees of trial " + t);
            assertEquals(expectedSeconds[t], trial.acquisitionSeconds(), "seconds of trial " + t);
        }
    }

    /** Expected times written by numpy for {@code file}. */
    static double[] seconds(Path file) throws IOException {
        return doubles(Path.of(file + ".sec.f64"));
    }

    /** Trial {@code i} at {@code i * interval}. */
    static double[] fixedTimes(int trials, double interval) {
        double[] seconds = new double[trials];
        for (int i = 0; i < trials; i++) {
            seconds[i] = i * interval;
        }
        return seconds;
    }

    static float[] floats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    static double[] doubles(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[bytes.remaining() / 8];
        bytes.asDoubleBuffer().get(out);
        return out;
    }
}
