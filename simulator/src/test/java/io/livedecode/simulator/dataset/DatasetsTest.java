package io.livedecode.simulator.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.simulator.source.TrialSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() throws Exception {
        DatasetFixtures.write(dir);
    }

    @Test
    void picksTheLoaderByContentNotByName() throws Exception {
        Path npzNamedNpy = Files.copy(dir.resolve("oribinned_f64.npz"), dir.resolve("binned.npy"),
                StandardCopyOption.REPLACE_EXISTING);
        TrialSource binned = Datasets.open(npzNamedNpy);
        assertEquals(360, binned.trials());
        assertEquals(17, binned.neurons());
        assertEquals(1.8 * 2, binned.trial(2).acquisitionSeconds());

        Path recording = dir.resolve("orientations_p3.npy");
        LoadedSession session = Datasets.open(recording, 3.0);
        DatasetFixtures.assertMatches(recording, session, 37, 53, DatasetFixtures.seconds(recording));
    }

    @Test
    void rejectsOtherFiles() {
        String text = assertThrows(DatasetFormatException.class,
                () -> Datasets.open(dir.resolve("not_numpy.txt"))).getMessage();
        assertTrue(text.contains("not an npz archive, an npy file, an NWB (HDF5) file or a Suite2p folder "
                + "(it starts with bytes 6f 72 69 65"), text);
        String plain = assertThrows(DatasetFormatException.class,
                () -> Datasets.open(dir.resolve("plain_matrix.npy"))).getMessage();
        assertTrue(plain.contains("not a pickled dict"), plain);
        String missing = assertThrows(DatasetFormatException.class,
                () -> Datasets.open(dir.resolve("absent.npz"))).getMessage();
        assertEquals(dir.resolve("absent.npz") + ": no such file", missing);
        // A folder is taken for Suite2p output; this one holds none.
        String directory = assertThrows(DatasetFormatException.class, () -> Datasets.open(dir)).getMessage();
        assertTrue(directory.startsWith(dir + ": neither spks.npy nor a plane0 folder"), directory);
    }
}
