package io.livedecode.simulator.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.simulator.source.Trial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NWB files written by h5py and Suite2p folders written by numpy
 * ({@code src/test/python/write_rig_fixtures.py}), loaded and compared with what numpy computed
 * from the same arrays; and the files each loader must refuse, with the message it must give.
 */
class RigRecordingsTest {

    private static final Path SCRIPT = Path.of("src/test/python/write_rig_fixtures.py");

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() throws Exception {
        writeInto(dir);
    }

    /** Runs the generator; fails (never skips) when Python, numpy or h5py is missing. */
    static void writeInto(Path out) throws Exception {
        String python = DatasetFixtures.PYTHON;
        if (!Files.isExecutable(Path.of(python))) {
            throw new AssertionError(python + " is missing: apt-get install python3-numpy python3-h5py");
        }
        Process p = new ProcessBuilder(python, SCRIPT.toString(), out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(SCRIPT + " failed (needs Debian's python3-numpy and python3-h5py):\n" + output);
        }
    }

    /** One line of cases.tsv or refusals.tsv: a path, its options, and a name or expected message. */
    record Line(String path, String options, String expected) {
        @Override
        public String toString() {
            return path + " [" + options + "]";
        }
    }

    static Stream<Line> cases() throws Exception {
        return read("cases.tsv").stream().map(c -> new Line(c[1], c[2], c[0]));
    }

    static Stream<Line> refusals() throws Exception {
        return read("refusals.tsv").stream().map(c -> new Line(c[0], c[1], c[2]));
    }

    /** Parameter sources run after {@code @BeforeAll}, so the fixtures are there. */
    private static List<String[]> read(String name) throws Exception {
        return Files.readAllLines(dir.resolve(name)).stream().filter(l -> !l.isBlank()).map(l -> l.split("\t", -1))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void loadsWhatNumpyComputed(Line line) throws Exception {
        LoadedSession session = Datasets.open(dir.resolve(line.path()), options(line.options()));
        String name = line.expected();
        float[] responses = DatasetFixtures.floats(dir.resolve(name + ".resp.f32"));
        double[] degrees = DatasetFixtures.doubles(dir.resolve(name + ".deg.f64"));
        double[] seconds = DatasetFixtures.doubles(dir.resolve(name + ".sec.f64"));
        assertEquals(degrees.length, session.trials(), "replayed frames");
        assertEquals(responses.length / degrees.length, session.neurons(), "neurons");
        boolean averaged = !line.options().contains("per-frame=true");
        int n = session.neurons();
        for (int t = 0; t < session.trials(); t++) {
            Trial trial = session.trial(t);
            for (int i = 0; i < n; i++) {
                float want = responses[t * n + i];
                float got = trial.responses()[i];
                if (averaged) {
                    // numpy sums a window in its own order; the float32 results agree within an ulp.
                    assertEquals(want, got, Math.ulp(want) * 1.01f, name + " trial " + t + " neuron " + i);
                } else {
                    assertEquals(want, got, name + " frame " + t + " neuron " + i);
                }
            }
            if (Double.isNaN(degrees[t])) {
                assertTrue(Double.isNaN(trial.stimulusDegrees()), name + " row " + t + " should be unlabelled");
            } else {
                assertEquals(degrees[t], trial.stimulusDegrees(), 1e-9, name + " degrees of row " + t);
            }
            assertEquals(seconds[t], trial.acquisitionSeconds(), 1e-9, name + " seconds of row " + t);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesNamingTheFault(Line line) {
        String message = assertThrows(DatasetFormatException.class,
                () -> Datasets.open(dir.resolve(line.path()), options(line.options()))).getMessage();
        assertTrue(message.contains(line.expected()), "expected a message containing\n  " + line.expected()
                + "\ngot\n  " + message);
    }

    @Test
    void theKindComesFromTheContent() throws Exception {
        Path renamed = Files.copy(dir.resolve("trials.nwb"), dir.resolve("trials.npy"));
        assertEquals(Datasets.Kind.NWB, Datasets.kindOf(renamed));
        assertEquals(Datasets.Kind.SUITE2P, Datasets.kindOf(dir.resolve("suite2p")));
        assertEquals(50, Datasets.open(renamed, RecordingOptions.defaults()).trials());
    }

    @Test
    void theDescriptionSaysWhereTimesStimuliAndResponsesCameFrom() throws Exception {
        LoadedSession session = Datasets.open(dir.resolve("trials.nwb"), RecordingOptions.defaults());
        assertEquals("processing/ophys/Fluorescence/RoiResponseSeries/timestamps; stimulus from intervals/trials "
                + "(orientation); one frame per trial, the mean over [onset+0 s, onset+1 s)", session.timing());
    }

    @Test
    void optionsAreValidatedNamingTheValue() {
        assertEquals("--window '1' must be START:END in seconds, e.g. 0:1",
                assertThrows(IllegalArgumentException.class, () -> ResponseWindow.parse("1")).getMessage());
        assertEquals("--window 1.0:0.5 must be START:END seconds after the onset, with END > START",
                assertThrows(IllegalArgumentException.class, () -> ResponseWindow.parse("1:0.5")).getMessage());
        assertEquals("--trace 'dff' must be spks (deconvolved) or F (fluorescence)",
                assertThrows(IllegalArgumentException.class, () -> RecordingOptions.Trace.parse("dff")).getMessage());
        assertEquals("--angle-units 'grad' must be auto, degrees or radians",
                assertThrows(IllegalArgumentException.class, () -> RecordingOptions.AngleUnits.parse("grad"))
                        .getMessage());
        assertEquals("--frame-rate 0.0 must be a positive number of frames per second",
                assertThrows(IllegalArgumentException.class, () -> new RecordingOptions(null, null, null,
                        RecordingOptions.AngleUnits.AUTO, ResponseWindow.DEFAULT, false, RecordingOptions.Trace.SPKS,
                        false, 0)).getMessage());
    }

    /** Options as written in the tsv files: key=value pairs joined by ';', or '-'. */
    static RecordingOptions options(String text) {
        String series = null;
        String stimulus = null;
        String column = null;
        RecordingOptions.AngleUnits units = RecordingOptions.AngleUnits.AUTO;
        ResponseWindow window = ResponseWindow.DEFAULT;
        boolean perFrame = false;
        RecordingOptions.Trace trace = RecordingOptions.Trace.SPKS;
        boolean allRois = false;
        double rate = Double.NaN;
        if (!text.equals("-")) {
            for (String pair : text.split(";")) {
                String[] kv = pair.split("=", 2);
                switch (kv[0]) {
                    case "series" -> series = kv[1];
                    case "stimulus" -> stimulus = kv[1];
                    case "angle-column" -> column = kv[1];
                    case "angle-units" -> units = RecordingOptions.AngleUnits.parse(kv[1]);
                    case "window" -> window = ResponseWindow.parse(kv[1]);
                    case "per-frame" -> perFrame = Boolean.parseBoolean(kv[1]);
                    case "trace" -> trace = RecordingOptions.Trace.parse(kv[1]);
                    case "all-rois" -> allRois = Boolean.parseBoolean(kv[1]);
                    case "frame-rate" -> rate = Double.parseDouble(kv[1]);
                    default -> throw new IllegalArgumentException("unknown option in fixture: " + kv[0]);
                }
            }
        }
        return new RecordingOptions(series, stimulus, column, units, window, perFrame, trace, allRois, rate);
    }
}
