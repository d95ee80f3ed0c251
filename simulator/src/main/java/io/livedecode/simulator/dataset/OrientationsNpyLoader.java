package io.livedecode.simulator.dataset;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * Loads the trial-level recording ({@code stringer_orientations.npy}): a pickled dict saved with
 * {@code np.save}, holding {@code sresp} (neurons x trials responses), {@code istim} (the angle of
 * each trial in radians) and optionally {@code stimtimes}/{@code frametimes}; other keys are
 * ignored. Responses are read once, straight from the file into float32 rows, one per trial.
 */
public final class OrientationsNpyLoader {

    private static final double TWO_PI = 2 * Math.PI;

    private OrientationsNpyLoader() {
    }

    /**
     * Loads {@code file}; when it has no usable trial times, trial {@code i} is placed at
     * {@code i * fallbackIntervalSeconds}.
     *
     * @throws DatasetFormatException if the file is missing, not such a dict, or its arrays are unusable
     */
    public static LoadedSession load(Path file, double fallbackIntervalSeconds) throws DatasetFormatException {
        return load(file, fallbackIntervalSeconds, PickleReader.DEFAULT_IN_MEMORY_LIMIT);
    }

    /** As {@link #load(Path, double)}, with payloads above {@code inMemoryLimit} bytes left in the file. */
    static LoadedSession load(Path file, double fallbackIntervalSeconds, int inMemoryLimit)
            throws DatasetFormatException {
        TrialTiming.requireInterval(fallbackIntervalSeconds);
        DatasetFiles.requireReadableFile(file);
        return fromDict(PickledDict.read(file, inMemoryLimit), file.toString(), fallbackIntervalSeconds);
    }

    private static LoadedSession fromDict(Map<?, ?> dict, String name, double interval) throws DatasetFormatException {
        NdArray sresp = array(dict, "sresp", name);
        NdArray istim = array(dict, "istim", name);
        NdArrays.requireMatrix(sresp, name, "(neurons, trials)");
        long trials = sresp.shape().get(1);
        String perTrial = "sresp has " + trials + " columns (trials)";
        NdArrays.requireVector(istim, name, trials, perTrial);
        double[] radians = NdArrays.readVector(istim, name);
        NdArrays.requireFinite(radians, istim, name);
        double[] degrees = new double[radians.length];
        for (int i = 0; i < radians.length; i++) {
            if (Math.abs(radians[i]) > TWO_PI + 1e-6) {
                throw new DatasetFormatException(String.format(
                        "%s: istim[%d] = %s is outside [-2pi, 2pi]: istim must hold radians", name, i, radians[i]));
            }
            degrees[i] = Math.toDegrees(radians[i]);
        }
        TrialTiming timing = timing(dict, name, (int) trials, interval);
        float[][] responses = NdArrays.readTrialMajor(sresp, name, 1);
        return new LoadedSession(name, responses, degrees, timing.seconds(), timing.description());
    }

    /**
     * Prefers {@code stimtimes}, one time per trial. If those are whole numbers that index
     * {@code frametimes} (a time per imaging frame), they are taken as frame numbers and mapped
     * through it; otherwise they are taken as seconds. Without usable stimtimes, frametimes alone
     * cannot say when each trial happened, so the fixed interval is used.
     */
    private static TrialTiming timing(Map<?, ?> dict, String name, int trials, double interval)
            throws DatasetFormatException {
        double[] stimtimes = optionalVector(dict, "stimtimes", name, trials);
        if (stimtimes == null) {
            String why = dict.containsKey("stimtimes") ? "stimtimes is not one number per trial" : "no stimtimes";
            return TrialTiming.fixed(trials, interval, why);
        }
        double[] frametimes = optionalVector(dict, "frametimes", name, -1);
        if (frametimes != null && areFrameIndices(stimtimes, frametimes.length)) {
            double[] times = new double[trials];
            for (int i = 0; i < trials; i++) {
                times[i] = frametimes[(int) stimtimes[i]];
            }
            return TrialTiming.fromTimes(times, "frametimes at the frame numbers in stimtimes", interval);
        }
        return TrialTiming.fromTimes(stimtimes, "stimtimes (seconds)", interval);
    }

    private static boolean areFrameIndices(double[] stimtimes, int frames) {
        for (double t : stimtimes) {
            if (t != Math.rint(t) || t < 0 || t >= frames) {
                return false;
            }
        }
        return true;
    }

    /** A real vector under {@code key}, of {@code length} values (any length if negative), else null. */
    private static double[] optionalVector(Map<?, ?> dict, String key, String name, long length)
            throws DatasetFormatException {
        if (!(dict.get(key) instanceof PickledArray pickled) || !pickled.isBuilt()) {
            return null;
        }
        NdArray array;
        try {
            array = pickled.toNdArray(key);
            NdArrays.requireVector(array, name, length < 0 ? array.size() : length, "it should match the trials");
        } catch (DatasetFormatException unusable) {
            // Times are optional: an odd shape or type means "no times", not a broken file.
            return null;
        }
        return NdArrays.readVector(array, name);
    }

    private static NdArray array(Map<?, ?> dict, String key, String name) throws DatasetFormatException {
        Object value = dict.get(key);
        if (value == null && !dict.containsKey(key)) {
            TreeSet<String> keys = new TreeSet<>();
            dict.keySet().forEach(k -> keys.add(String.valueOf(k)));
            throw new DatasetFormatException(name + ": no key '" + key + "'; the dict has keys " + keys);
        }
        if (!(value instanceof PickledArray pickled) || !pickled.isBuilt()) {
            throw new DatasetFormatException(name + ": " + key + " is a " + PickleReader.describe(value)
                    + ", not a numpy array");
        }
        return pickled.toNdArray(key);
    }
}
