package io.livedecode.simulator.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Opens a recorded session from a file in either Stringer et al. (2019) format, choosing the
 * loader from the file's first bytes: a zip archive is the binned npz teaching file, an npy
 * holding a pickled dict is the trial-level recording. The extension is not trusted.
 */
public final class Datasets {

    /** Stimuli in the recordings were shown about every 1.8 s; used when a file has no times. */
    public static final double DEFAULT_TRIAL_INTERVAL_SECONDS = 1.8;

    private Datasets() {
    }

    /** Opens {@code file}, spacing trials by {@value #DEFAULT_TRIAL_INTERVAL_SECONDS} s where it has no times. */
    public static LoadedSession open(Path file) throws DatasetFormatException {
        return open(file, DEFAULT_TRIAL_INTERVAL_SECONDS);
    }

    /**
     * Opens {@code file}, spacing trials by {@code trialIntervalSeconds} where it has no times.
     *
     * @throws DatasetFormatException if the file is missing or in neither format, naming what it found
     */
    public static LoadedSession open(Path file, double trialIntervalSeconds) throws DatasetFormatException {
        TrialTiming.requireInterval(trialIntervalSeconds);
        DatasetFiles.requireReadableFile(file);
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(8);
        } catch (IOException e) {
            throw new DatasetFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (isZip(start)) {
            return OribinnedNpzLoader.load(file, trialIntervalSeconds);
        }
        if (NpyHeader.hasMagic(start)) {
            // The orientations loader names the dtype and shape when the npy is a plain array.
            return OrientationsNpyLoader.load(file, trialIntervalSeconds);
        }
        throw new DatasetFormatException(String.format(
                "%s: neither an npz archive nor an npy file (it starts with bytes %s); expected a file like "
                        + "W3D4_stringer_oribinned1.npz or stringer_orientations.npy",
                file, HexFormat.ofDelimiter(" ").formatHex(start)));
    }

    /** Local file header, or the end record of an empty archive. */
    private static boolean isZip(byte[] start) {
        return start.length >= 4 && start[0] == 'P' && start[1] == 'K'
                && ((start[2] == 3 && start[3] == 4) || (start[2] == 5 && start[3] == 6));
    }
}
