package io.livedecode.simulator.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a Suite2p output folder ({@code suite2p/plane0/}): the traces {@code spks.npy} (deconvolved,
 * the default) or {@code F.npy}, of shape (rois, frames); {@code iscell.npy} (rois, 2), keeping the
 * ROIs whose first column is 1; the imaging rate {@code fs} from {@code ops.npy} (a pickled dict)
 * unless one is given; and a stimulus file of onset frames and angles ({@link StimulusFile}).
 * Frame {@code i} is at {@code i / fs} seconds.
 */
public final class Suite2pLoader {

    private Suite2pLoader() {
    }

    /**
     * @param folder a plane folder, or a folder holding exactly one {@code plane<N>} (or {@code suite2p/plane<N>})
     * @throws DatasetFormatException naming the missing file or the bad shape
     */
    public static LoadedSession load(Path folder, RecordingOptions options) throws DatasetFormatException {
        String traceFile = options.trace().arrayName() + ".npy";
        Path plane = plane(folder, traceFile);
        if (options.stimulusFile() == null) {
            throw new DatasetFormatException(plane + ": a Suite2p folder needs --stimulus FILE: an .npy of shape "
                    + "(k, 2) or a .csv with columns frame,angle (onset frame, angle in degrees)");
        }
        String name = plane.toString();
        NdArray traces = NpyFiles.open(plane.resolve(traceFile), options.trace().arrayName());
        NdArrays.requireMatrix(traces, name, "(rois, frames)");
        int rois = Math.toIntExact(traces.shape().get(0));
        int frames = Math.toIntExact(traces.shape().get(1));
        boolean[] keep = options.allRois() ? null : cells(plane, rois, traceFile);
        int[] kept = keptIndices(keep, rois);
        double fs = Double.isNaN(options.frameRate()) ? frameRate(plane) : options.frameRate();
        double[] times = new double[frames];
        for (int i = 0; i < frames; i++) {
            times[i] = i / fs;
        }
        StimulusFile.Rows rows = StimulusFile.read(options.stimulusFile(), frames);
        double[] onsets = new double[rows.frames().length];
        double[] degrees = new double[onsets.length];
        double[] stops = new double[onsets.length];
        for (int k = 0; k < onsets.length; k++) {
            onsets[k] = rows.frames()[k] / fs;
            degrees[k] = options.toDegrees(rows.angles()[k], false);
            stops[k] = Double.NaN;
        }
        StimulusEvents events = StimulusEvents.of(onsets, stops, degrees, options.stimulusFile().toString(), name);
        String timing = String.format(Locale.ROOT, "frame i at i / %s Hz; %s of %d ROIs (%s); stimulus from %s",
                fs, kept.length, rois, options.allRois() ? "all" : "iscell", options.stimulusFile());
        String traceName = plane.resolve(traceFile).toString();
        if (options.perFrame()) {
            float[][] out = new float[frames][];
            readFrames(traces, traceName, kept, keep, (index, row) -> out[index] = row);
            return TrialAssembly.perFrame(name, out, times, events, timing + "; one frame per imaging frame");
        }
        TrialAssembly.Windows windows = TrialAssembly.windows(times, events, options.window(), name);
        float[][] out;
        if (!traces.fortranOrder()) {
            // Suite2p's C-order (rois, frames): each storage line is one ROI's whole trace.
            float[][] means = new float[windows.trials()][kept.length];
            int[] column = columnOf(kept, rois);
            NpyFiles.lines(traces, traceName, (roi, trace) -> {
                if (column[roi] >= 0) {
                    requireFinite(trace, roi, traces, traceName, false);
                    TrialAssembly.lineMeans(trace, windows, means, column[roi]);
                }
            });
            out = means;
        } else {
            WindowAverager averager = new WindowAverager(windows, kept.length);
            readFrames(traces, traceName, kept, keep, averager);
            out = averager.result();
        }
        return TrialAssembly.perTrial(name, out, windows, events,
                timing + "; one frame per trial, the mean over " + options.window());
    }

    /** The plane folder itself, or its only plane folder. */
    private static Path plane(Path folder, String traceFile) throws DatasetFormatException {
        if (!Files.isDirectory(folder)) {
            throw new DatasetFormatException(folder + ": not a folder");
        }
        if (Files.exists(folder.resolve(traceFile))) {
            return folder;
        }
        for (Path parent : List.of(folder, folder.resolve("suite2p"))) {
            List<Path> planes = planes(parent);
            if (planes.size() == 1) {
                return planes.getFirst();
            }
            if (planes.size() > 1) {
                throw new DatasetFormatException(String.format("%s holds %d planes (%s); name one folder",
                        parent, planes.size(), String.join(", ", planes.stream()
                                .map(p -> p.getFileName().toString()).toList())));
            }
        }
        throw new DatasetFormatException(folder + ": neither " + traceFile + " nor a plane0 folder (Suite2p writes "
                + "suite2p/plane0/" + traceFile + ")");
    }

    private static List<Path> planes(Path parent) throws DatasetFormatException {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().matches("plane\\d+")).sorted().toList();
        } catch (IOException e) {
            throw new DatasetFormatException(parent + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static boolean[] cells(Path plane, int rois, String traceFile) throws DatasetFormatException {
        Path file = plane.resolve("iscell.npy");
        if (!Files.exists(file)) {
            throw new DatasetFormatException(plane + ": no iscell.npy; pass --all-rois to keep every ROI");
        }
        NdArray iscell = NpyFiles.open(file, "iscell");
        if (iscell.shape().size() != 2 || iscell.shape().get(0) != rois || iscell.shape().get(1) < 1) {
            throw new DatasetFormatException(String.format("%s: iscell.npy has shape %s but %s has %d rows (ROIs); "
                    + "expected (%d, 2)", plane, iscell.shapeText(), traceFile, rois, rois));
        }
        if (!iscell.dtype().isLittleEndianReal()) {
            throw new DatasetFormatException(String.format("%s: iscell.npy has dtype %s; expected numbers",
                    plane, iscell.dtype().describe()));
        }
        int cols = Math.toIntExact(iscell.shape().get(1));
        double[] all = new double[Math.toIntExact(iscell.size())];
        ElementDecoder.decode(iscell, file.toString(), (first, values, count) ->
                System.arraycopy(values, 0, all, (int) first, count));
        boolean[] keep = new boolean[rois];
        int count = 0;
        for (int r = 0; r < rois; r++) {
            keep[r] = (iscell.fortranOrder() ? all[r] : all[r * cols]) == 1.0;
            count += keep[r] ? 1 : 0;
        }
        if (count == 0) {
            throw new DatasetFormatException(String.format(
                    "%s: iscell.npy marks none of the %d ROIs as a cell; pass --all-rois to keep every ROI", plane, rois));
        }
        return keep;
    }

    private static int[] keptIndices(boolean[] keep, int rois) {
        return java.util.stream.IntStream.range(0, rois).filter(r -> keep == null || keep[r]).toArray();
    }

    /** For each ROI, its column in the output, or -1 when it is not kept. */
    private static int[] columnOf(int[] kept, int rois) {
        int[] column = new int[rois];
        java.util.Arrays.fill(column, -1);
        for (int i = 0; i < kept.length; i++) {
            column[kept[i]] = i;
        }
        return column;
    }

    private static double frameRate(Path plane) throws DatasetFormatException {
        Path ops = plane.resolve("ops.npy");
        if (!Files.exists(ops)) {
            throw new DatasetFormatException(plane + ": no ops.npy to read the imaging rate from; give it with "
                    + "--frame-rate HZ");
        }
        Map<?, ?> dict = PickledDict.read(ops, PickleReader.DEFAULT_IN_MEMORY_LIMIT);
        Object fs = dict.get("fs");
        if (fs == null) {
            throw new DatasetFormatException(ops + ": ops.npy has no 'fs'; give the imaging rate with --frame-rate HZ");
        }
        if (!(fs instanceof Number n) || !(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())) {
            throw new DatasetFormatException(ops + ": ops.npy has fs = " + fs
                    + ", not a positive number of frames per second; give the rate with --frame-rate HZ");
        }
        return n.doubleValue();
    }

    /** Frames in order, each holding the kept ROIs, whatever the storage order. */
    private static void readFrames(NdArray traces, String name, int[] kept, boolean[] keep, FrameSink sink)
            throws DatasetFormatException {
        if (traces.fortranOrder()) {
            // Storage lines are frames already.
            NpyFiles.lines(traces, name, (frame, values) -> {
                requireFinite(values, frame, traces, name, true);
                float[] row = new float[kept.length];
                for (int i = 0; i < kept.length; i++) {
                    row[i] = (float) values[kept[i]];
                }
                sink.frame(frame, row);
            });
            return;
        }
        float[][] all = NdArrays.readTrialMajor(traces, name, 1);
        for (int f = 0; f < all.length; f++) {
            float[] row = all[f];
            if (keep != null) {
                float[] compact = new float[kept.length];
                for (int i = 0; i < kept.length; i++) {
                    compact[i] = row[kept[i]];
                }
                row = compact;
            }
            all[f] = null;
            sink.frame(f, row);
        }
    }

    /** Names the first non-finite value by its (roi, frame) index. */
    private static void requireFinite(double[] line, int index, NdArray traces, String name, boolean lineIsFrame)
            throws DatasetFormatException {
        for (int i = 0; i < line.length; i++) {
            float f = (float) line[i];
            if (!Float.isFinite(f)) {
                int roi = lineIsFrame ? i : index;
                int frame = lineIsFrame ? index : i;
                String what = Double.isFinite(line[i]) ? "= " + line[i] + ", outside the float32 range" : "is " + line[i];
                throw new DatasetFormatException(String.format(Locale.ROOT,
                        "%s: %s[%d, %d] %s; every response must be finite", name, traces.name(), roi, frame, what));
            }
        }
    }
}
