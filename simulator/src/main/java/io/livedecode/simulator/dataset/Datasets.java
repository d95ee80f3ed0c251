package io.livedecode.simulator.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Opens a recorded session, choosing the loader from what the path holds, never from its name:
 * a folder is Suite2p output, a zip archive the binned npz teaching file, an npy holding a pickled
 * dict the trial-level recording, and an HDF5 file an NWB recording.
 */
public final class Datasets {

    /** Stimuli in the recordings were shown about every 1.8 s; used when a file has no times. */
    public static final double DEFAULT_TRIAL_INTERVAL_SECONDS = 1.8;

    /** The kinds of recording a path can hold. */
    public enum Kind {
        /** {@code W3D4_stringer_oribinned1.npz}. */
        ORIBINNED_NPZ,
        /** {@code stringer_orientations.npy}. */
        ORIENTATIONS_NPY,
        /** An NWB (HDF5) file. */
        NWB,
        /** A Suite2p output folder. */
        SUITE2P;

        /** True for the rig formats, which take {@link RecordingOptions}. */
        public boolean isRig() {
            return this == NWB || this == SUITE2P;
        }
    }

    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private Datasets() {
    }

    /** Opens {@code file}, spacing trials by {@value #DEFAULT_TRIAL_INTERVAL_SECONDS} s where it has no times. */
    public static LoadedSession open(Path file) throws DatasetFormatException {
        return open(file, DEFAULT_TRIAL_INTERVAL_SECONDS);
    }

    /**
     * Opens {@code file}, spacing trials by {@code trialIntervalSeconds} where it has no times.
     *
     * @throws DatasetFormatException if the file is missing or in no known format, naming what it found
     */
    public static LoadedSession open(Path file, double trialIntervalSeconds) throws DatasetFormatException {
        TrialTiming.requireInterval(trialIntervalSeconds);
        return open(file, trialIntervalSeconds, RecordingOptions.defaults());
    }

    /** Opens a recording of any kind; {@code options} apply to NWB files and Suite2p folders. */
    public static LoadedSession open(Path path, RecordingOptions options) throws DatasetFormatException {
        return open(path, DEFAULT_TRIAL_INTERVAL_SECONDS, options);
    }

    private static LoadedSession open(Path path, double trialIntervalSeconds, RecordingOptions options)
            throws DatasetFormatException {
        return switch (kindOf(path)) {
            case SUITE2P -> Suite2pLoader.load(path, options);
            case NWB -> NwbLoader.load(path, options);
            case ORIBINNED_NPZ -> OribinnedNpzLoader.load(path, trialIntervalSeconds);
            // The orientations loader names the dtype and shape when the npy is a plain array.
            case ORIENTATIONS_NPY -> OrientationsNpyLoader.load(path, trialIntervalSeconds);
        };
    }

    /**
     * What {@code path} holds, from its first bytes (or its being a folder).
     *
     * @throws DatasetFormatException if it is missing or holds none of them
     */
    public static Kind kindOf(Path path) throws DatasetFormatException {
        if (Files.isDirectory(path)) {
            return Kind.SUITE2P;
        }
        DatasetFiles.requireReadableFile(path);
        byte[] start;
        try (InputStream in = Files.newInputStream(path)) {
            start = in.readNBytes(8);
        } catch (IOException e) {
            throw new DatasetFormatException(path + ": cannot read: " + e.getMessage(), e);
        }
        if (isZip(start)) {
            return Kind.ORIBINNED_NPZ;
        }
        if (NpyHeader.hasMagic(start)) {
            return Kind.ORIENTATIONS_NPY;
        }
        if (Arrays.equals(start, HDF5_MAGIC)) {
            return Kind.NWB;
        }
        throw new DatasetFormatException(String.format(
                "%s: not an npz archive, an npy file, an NWB (HDF5) file or a Suite2p folder (it starts with bytes %s);"
                        + " expected e.g. W3D4_stringer_oribinned1.npz, stringer_orientations.npy, session.nwb or "
                        + "suite2p/plane0", path, HexFormat.ofDelimiter(" ").formatHex(start)));
    }

    /** Local file header, or the end record of an empty archive. */
    private static boolean isZip(byte[] start) {
        return start.length >= 4 && start[0] == 'P' && start[1] == 'K'
                && ((start[2] == 3 && start[3] == 4) || (start[2] == 5 && start[3] == 6));
    }
}
