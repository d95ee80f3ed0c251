package io.livedecode.simulator.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OribinnedNpzLoaderTest {

    private static final int BINS = 360;
    private static final int NEURONS = 17;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() throws Exception {
        DatasetFixtures.write(dir);
    }

    @Test
    void loadsFloat64WithVectorStimuli() throws Exception {
        Path file = dir.resolve("oribinned_f64.npz");
        LoadedSession session = OribinnedNpzLoader.load(file, 1.8);
        DatasetFixtures.assertMatches(file, session, NEURONS, BINS, DatasetFixtures.fixedTimes(BINS, 1.8));
        assertEquals("a fixed 1.8 s interval (the npz holds no times)", session.timing());
    }

    @Test
    void loadsCompressedFloat32FortranWithIntegerColumnStimuli() throws Exception {
        // stimuli is (360, 1) int64 from -400 in steps of 7: angles outside [0, 360) are wrapped.
        Path file = dir.resolve("oribinned_f32_fortran_column.npz");
        LoadedSession session = OribinnedNpzLoader.load(file, 0.5);
        DatasetFixtures.assertMatches(file, session, NEURONS, BINS, DatasetFixtures.fixedTimes(BINS, 0.5));
        assertEquals(320.0, session.trial(0).stimulusDegrees());
    }

    @Test
    void missingKeyNamesTheKeysThatExist() {
        assertRejected("bad_missing_key.npz", "no array 'resp'; the npz holds [response, stimuli]");
    }

    @Test
    void wrongShapes() {
        assertRejected("bad_resp_3d.npz", "resp must be 2-D (trials, neurons); found shape (360, 17, 2)");
        assertRejected("bad_stimuli_2col.npz",
                "stimuli must be a vector of shape (360,) (or (360, 1) or (1, 360)); found shape (360, 2)");
    }

    @Test
    void wrongDtypes() {
        assertRejected("bad_resp_int64.npz",
                "resp has dtype '<i8' (int64); expected little-endian float32 ('<f4') or float64 ('<f8')");
        assertRejected("bad_stimuli_complex.npz",
                "stimuli has dtype '<c16' (complex128); expected little-endian floats or integers");
    }

    @Test
    void stimuliMustMatchRespRows() {
        assertRejected("bad_lengths.npz", "stimuli has 359 values (shape (359,)) but resp has 360 rows (trials)");
    }

    @Test
    void nanIsRejectedWithItsPlace() {
        assertRejected("bad_nan.npz", "resp[5, 3] is NaN; every response must be finite");
    }

    @Test
    void emptyRespIsRejected() {
        assertRejected("bad_empty.npz", "resp is empty: shape (360, 0) (trials, neurons)");
    }

    @Test
    void notAnNpz() {
        assertRejected("not_numpy.txt", "not an npz file");
        assertRejected("missing.npz", "missing.npz: no such file");
    }

    @Test
    void intervalMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OribinnedNpzLoader.load(dir.resolve("oribinned_f64.npz"), 0));
        assertEquals("trial interval must be a positive number of seconds; got 0.0", e.getMessage());
    }

    private static void assertRejected(String name, String expected) {
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> OribinnedNpzLoader.load(dir.resolve(name), 1.8));
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    }
}
