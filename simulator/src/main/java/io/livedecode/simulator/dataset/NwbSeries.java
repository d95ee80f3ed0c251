package io.livedecode.simulator.dataset;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The response series of an NWB file: a TimeSeries (usually a {@code RoiResponseSeries}) whose
 * {@code data} is (time, rois), with its frame times from {@code timestamps} or from
 * {@code starting_time} and its {@code rate} attribute.
 *
 * @param path       the series group, e.g. {@code processing/ophys/DfOverF/RoiResponseSeries}
 * @param data       its (time, rois) dataset
 * @param times      one time per frame, seconds
 * @param timeSource where the times came from, for the description
 * @param conversion NWB's scale to physical units ({@code data * conversion + offset})
 * @param offset     NWB's offset to physical units
 */
record NwbSeries(String path, Dataset data, double[] times, String timeSource, double conversion, double offset) {

    /** Where response series are looked for when none is named. */
    static final String OPHYS = "processing/ophys";

    /** The series at {@code path}, or the only one under {@value #OPHYS} when {@code path} is null. */
    static NwbSeries locate(Group root, String path, String file) throws DatasetFormatException {
        Group series = path != null ? Hdf5Nodes.group(root, path, file) : findOnly(root, file);
        return read(series, file);
    }

    private static Group findOnly(Group root, String file) throws DatasetFormatException {
        Group ophys = Hdf5Nodes.group(root, OPHYS, file);
        List<Group> found = new ArrayList<>();
        collect(ophys, 2, found);
        if (found.isEmpty()) {
            throw new DatasetFormatException(file + ": " + OPHYS + " holds no response series (a group with a 2-D "
                    + "data dataset and timestamps or starting_time); it holds " + Hdf5Nodes.childNames(ophys));
        }
        if (found.size() > 1) {
            List<String> paths = found.stream().map(Hdf5Nodes::pathOf).sorted().toList();
            throw new DatasetFormatException(String.format("%s: %s holds %d response series: %s; name one with --series",
                    file, OPHYS, found.size(), String.join(", ", paths)));
        }
        return found.getFirst();
    }

    /** Groups up to {@code depth} levels down that look like a (time, rois) TimeSeries. */
    private static void collect(Group group, int depth, List<Group> found) {
        for (Node child : group.getChildren().values()) {
            if (!(child instanceof Group g)) {
                continue;
            }
            Dataset data = Hdf5Nodes.dataset(g, "data");
            boolean timed = Hdf5Nodes.dataset(g, "timestamps") != null || Hdf5Nodes.dataset(g, "starting_time") != null;
            if (data != null && timed && data.getDimensions().length == 2) {
                found.add(g);
            } else if (depth > 1) {
                collect(g, depth - 1, found);
            }
        }
    }

    private static NwbSeries read(Group series, String file) throws DatasetFormatException {
        String path = Hdf5Nodes.pathOf(series);
        Dataset data = Hdf5Nodes.dataset(series, "data");
        if (data == null) {
            throw new DatasetFormatException(String.format("%s: %s has no data dataset; it holds %s",
                    file, path, Hdf5Nodes.childNames(series)));
        }
        int[] dims = data.getDimensions();
        if (dims.length != 2) {
            throw new DatasetFormatException(String.format("%s: %s/data must be 2-D (time, rois); found shape %s",
                    file, path, Hdf5Nodes.shapeText(dims)));
        }
        if (dims[0] == 0 || dims[1] == 0) {
            throw new DatasetFormatException(String.format("%s: %s/data is empty: shape %s",
                    file, path, Hdf5Nodes.shapeText(dims)));
        }
        Hdf5Nodes.requireNumeric(data, file);
        Times times = times(series, path, dims[0], file);
        if (times.values.length != dims[0]) {
            String hint = times.values.length == dims[1] && dims[0] != dims[1]
                    ? "; NWB stores data as (time, rois): is it transposed?" : "";
            throw new DatasetFormatException(String.format(
                    "%s: %s/data has %d frames (shape %s) but timestamps has %d values%s",
                    file, path, dims[0], Hdf5Nodes.shapeText(dims), times.values.length, hint));
        }
        TrialAssembly.requireOrdered(times.values, times.source, file);
        Double conversion = Hdf5Nodes.number(data, "conversion");
        Double offset = Hdf5Nodes.number(data, "offset");
        return new NwbSeries(path, data, times.values, times.source,
                conversion == null ? 1.0 : conversion, offset == null ? 0.0 : offset);
    }

    private record Times(double[] values, String source) {
    }

    /**
     * A TimeSeries' times: {@code timestamps}, else {@code starting_time + i / rate} for
     * {@code frames} samples.
     */
    static double[] timesOf(Group series, int frames, String file) throws DatasetFormatException {
        return times(series, Hdf5Nodes.pathOf(series), frames, file).values;
    }

    private static Times times(Group series, String path, int frames, String file) throws DatasetFormatException {
        Dataset timestamps = Hdf5Nodes.dataset(series, "timestamps");
        if (timestamps != null) {
            return new Times(Hdf5Nodes.vector(timestamps, file), path + "/timestamps");
        }
        Dataset start = Hdf5Nodes.dataset(series, "starting_time");
        if (start == null) {
            throw new DatasetFormatException(String.format(
                    "%s: %s has neither timestamps nor starting_time (with a rate attribute); it holds %s",
                    file, path, Hdf5Nodes.childNames(series)));
        }
        Double rate = Hdf5Nodes.number(start, "rate");
        if (rate == null) {
            throw new DatasetFormatException(file + ": " + path + "/starting_time has no 'rate' attribute");
        }
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new DatasetFormatException(String.format(Locale.ROOT,
                    "%s: %s/starting_time has rate %s; it must be a positive number of samples per second",
                    file, path, rate));
        }
        double t0 = Hdf5Nodes.scalar(start, file);
        double[] values = new double[frames];
        for (int i = 0; i < frames; i++) {
            values[i] = t0 + i / rate;
        }
        return new Times(values, String.format(Locale.ROOT, "%s/starting_time + i / %s Hz", path, rate));
    }
}
