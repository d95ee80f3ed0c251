package io.livedecode.simulator.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.simulator.source.Trial;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrientationsNpyLoaderTest {

    private static final int NEURONS = 37;
    private static final int TRIALS = 53;
    /** Payloads stay in memory below the default limit; a limit of 0 streams every one from the file. */
    private static final int STREAM_ALL = 0;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() throws Exception {
        DatasetFixtures.write(dir);
    }

    @ParameterizedTest(name = "{0}, in-memory limit {1}")
    @CsvSource({
        "orientations_p3.npy, 65536, 53", "orientations_p3.npy, 0, 53",
        "orientations_numpy2.npy, 65536, 53", "orientations_numpy2.npy, 0, 53",
        "orientations_p2.npy, 65536, 53", "orientations_p2.npy, 0, 53",
        "orientations_v3.npy, 65536, 53",
        "orientations_large.npy, 65536, 311", "orientations_large.npy, 100000000, 311",
    })
    void loadsWhatNumpyWroteWithTimes(String name, int inMemoryLimit, int trials) throws Exception {
        Path file = dir.resolve(name);
        LoadedSession session = OrientationsNpyLoader.load(file, 1.8, inMemoryLimit);
        DatasetFixtures.assertMatches(file, session, NEURONS, trials, DatasetFixtures.seconds(file));
    }

    @ParameterizedTest(name = "in-memory limit {0}")
    @ValueSource(ints = {65536, STREAM_ALL})
    void float32FortranOrderWithoutTimesUsesTheFixedInterval(int inMemoryLimit) throws Exception {
        Path file = dir.resolve("orientations_f32_fortran.npy");
        LoadedSession session = OrientationsNpyLoader.load(file, 2.5, inMemoryLimit);
        DatasetFixtures.assertMatches(file, session, NEURONS, TRIALS, DatasetFixtures.fixedTimes(TRIALS, 2.5));
        assertEquals("a fixed 2.5 s interval (no stimtimes)", session.timing());
    }

    @Test
    void timingSaysWhereTimesCameFrom() throws Exception {
        assertEquals("stimtimes (seconds)",
                OrientationsNpyLoader.load(dir.resolve("orientations_p3.npy"), 1.8).timing());
        assertEquals("frametimes at the frame numbers in stimtimes",
                OrientationsNpyLoader.load(dir.resolve("orientations_numpy2.npy"), 1.8).timing());
    }

    @Test
    void columnOfSrespIsTheTrialAndIstimIsInRadians() throws Exception {
        // formula.npy: sresp[n, t] = n + t / 1024 and istim[t] = t * 2pi / 53, both exact in float32.
        LoadedSession session = OrientationsNpyLoader.load(dir.resolve("formula.npy"), 1.8);
        for (int t = 0; t < TRIALS; t++) {
            Trial trial = session.trial(t);
            for (int n = 0; n < NEURONS; n++) {
                assertEquals(n + t / 1024f, trial.responses()[n], "sresp[" + n + ", " + t + "]");
            }
            assertEquals(t * 360.0 / TRIALS, trial.stimulusDegrees(), 1e-9);
            assertEquals(t * 1.8, trial.acquisitionSeconds());
        }
    }

    @Test
    void eachTrialIsAFreshCopy() throws Exception {
        LoadedSession session = OrientationsNpyLoader.load(dir.resolve("formula.npy"), 1.8);
        Trial first = session.trial(3);
        first.responses()[0] = -1f;
        Trial again = session.trial(3);
        assertNotSame(first.responses(), again.responses());
        assertEquals(0 + 3 / 1024f, again.responses()[0]);
        assertThrows(IndexOutOfBoundsException.class, () -> session.trial(TRIALS));
    }

    @Test
    void missingKeyNamesTheKeysThatExist() {
        assertRejected("bad_no_sresp.npy",
                "no key 'sresp'; the dict has keys [frametimes, info, istim, run, stat, stimtimes, xyz]");
    }

    @Test
    void istimLengthMustMatchSrespColumns() {
        assertRejected("bad_istim_length.npy", "istim has 52 values (shape (52,)) but sresp has 53 columns (trials)");
    }

    @Test
    void bigEndianIsRejectedNamingTheDtype() {
        assertRejected("bad_big_endian.npy", "sresp has dtype '>f8' (float64, big-endian); "
                + "expected little-endian float32 ('<f4') or float64 ('<f8')");
    }

    @Test
    void complexIsRejectedNamingTheDtype() {
        assertRejected("bad_sresp_complex.npy", "sresp has dtype '<c8' (complex64)");
    }

    @Test
    void srespMustBe2d() {
        assertRejected("bad_sresp_1d.npy", "sresp must be 2-D (neurons, trials); found shape (53,)");
    }

    @Test
    void nonFiniteResponsesAreRejectedWithTheirPlace() {
        assertRejected("bad_inf.npy", "sresp[2, 7] is Infinity; every response must be finite");
        assertRejected("bad_overflow.npy", "sresp[4, 1] = 1.0E300, outside the float32 range");
    }

    @Test
    void istimInDegreesIsRejected() {
        assertRejected("bad_istim_degrees.npy", "is outside [-2pi, 2pi]: istim must hold radians");
    }

    @Test
    void aPlainArrayIsNotTheRecording() {
        assertRejected("plain_matrix.npy",
                "holds a plain array of dtype '<f8' (float64) and shape (360, 17), not a pickled dict");
    }

    @Test
    void notAnNpyFile() {
        assertRejected("not_numpy.txt", "not an npy file (it does not start with \\x93NUMPY)");
    }

    @Test
    void truncatedFileIsReportedWhetherPayloadsAreReadOrSkipped() {
        String inMemory = assertThrows(DatasetFormatException.class,
                () -> OrientationsNpyLoader.load(dir.resolve("truncated.npy"), 1.8)).getMessage();
        assertTrue(inMemory.contains("malformed pickle at byte") && inMemory.contains("the pickle ends early"),
                inMemory);
        String streamed = assertThrows(DatasetFormatException.class,
                () -> OrientationsNpyLoader.load(dir.resolve("truncated.npy"), 1.8, STREAM_ALL)).getMessage();
        assertTrue(streamed.contains("runs past the end of the file"), streamed);
    }

    @Test
    void missingFile() {
        assertRejected("no_such_file.npy", "no_such_file.npy: no such file");
    }

    private static void assertRejected(String name, String expected) {
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> OrientationsNpyLoader.load(dir.resolve(name), 1.8));
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve(name).toString()), e.getMessage());
    }
}
