package io.livedecode.simulator.dataset;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The stimulus presentations of an NWB file, from a TimeIntervals table ({@code intervals/trials}:
 * columns {@code start_time}, {@code stop_time} and an angle column) or from a stimulus TimeSeries
 * (one angle per timestamp, each holding until the next; NaN samples mark a blank screen).
 */
final class NwbStimulus {

    static final String TRIALS = "intervals/trials";
    static final String PRESENTATION = "stimulus/presentation";

    private NwbStimulus() {
    }

    /** Reads the table or series at {@code path}, or the default one when {@code path} is null. */
    static StimulusEvents read(Group root, RecordingOptions options, String file) throws DatasetFormatException {
        Group source = options.stimulus() != null ? Hdf5Nodes.group(root, options.stimulus(), file) : findDefault(root, file);
        if (Hdf5Nodes.dataset(source, "start_time") != null) {
            return table(source, options, file);
        }
        if (Hdf5Nodes.dataset(source, "data") != null) {
            return series(source, options, file);
        }
        throw new DatasetFormatException(String.format(
                "%s: %s is neither a TimeIntervals table (start_time, stop_time, an angle column) nor a TimeSeries "
                        + "(data, timestamps); it holds %s", file, Hdf5Nodes.pathOf(source), Hdf5Nodes.childNames(source)));
    }

    private static Group findDefault(Group root, String file) throws DatasetFormatException {
        if (Hdf5Nodes.find(root, TRIALS) instanceof Group trials) {
            return trials;
        }
        List<Group> series = new ArrayList<>();
        if (Hdf5Nodes.find(root, PRESENTATION) instanceof Group presentation) {
            for (Node child : presentation.getChildren().values()) {
                if (child instanceof Group g && Hdf5Nodes.dataset(g, "data") != null) {
                    series.add(g);
                }
            }
        }
        if (series.size() == 1) {
            return series.getFirst();
        }
        if (series.isEmpty()) {
            throw new DatasetFormatException(file + ": no stimulus: neither " + TRIALS + " nor a TimeSeries under "
                    + PRESENTATION + "; name one with --stimulus");
        }
        List<String> paths = series.stream().map(Hdf5Nodes::pathOf).sorted().toList();
        throw new DatasetFormatException(String.format("%s: %s holds %d TimeSeries: %s; name one with --stimulus",
                file, PRESENTATION, series.size(), String.join(", ", paths)));
    }

    private static StimulusEvents table(Group table, RecordingOptions options, String file)
            throws DatasetFormatException {
        String path = Hdf5Nodes.pathOf(table);
        TreeSet<String> columns = columns(table);
        double[] start = column(table, path, "start_time", columns, -1, file);
        double[] stop = column(table, path, "stop_time", columns, start.length, file);
        String angleColumn = options.angleColumn();
        if (angleColumn == null) {
            angleColumn = Arrays.stream(RecordingOptions.ANGLE_COLUMNS).filter(columns::contains).findFirst()
                    .orElseThrow(() -> new DatasetFormatException(String.format(
                            "%s: %s has no angle column (looked for %s); its columns are %s; name one with --angle-column",
                            file, path, String.join(", ", RecordingOptions.ANGLE_COLUMNS), columns)));
        }
        double[] angles = column(table, path, angleColumn, columns, start.length, file);
        double[] degrees = new double[angles.length];
        for (int i = 0; i < angles.length; i++) {
            degrees[i] = options.toDegrees(angles[i], false);
        }
        for (int i = 0; i < stop.length; i++) {
            if (!(stop[i] > start[i])) {
                throw new DatasetFormatException(String.format(Locale.ROOT,
                        "%s: %s row %d stops at %s s, not after its start %s s", file, path, i, stop[i], start[i]));
            }
        }
        return StimulusEvents.of(start, stop, degrees, path + " (" + angleColumn + ")", file);
    }

    /** A table's columns: its datasets, without the row ids and the index halves of ragged columns. */
    private static TreeSet<String> columns(Group table) {
        TreeSet<String> columns = new TreeSet<>();
        for (Node child : table.getChildren().values()) {
            if (child instanceof Dataset && !child.getName().equals("id") && !child.getName().endsWith("_index")) {
                columns.add(child.getName());
            }
        }
        return columns;
    }

    private static double[] column(Group table, String path, String name, TreeSet<String> columns, int length,
                                   String file) throws DatasetFormatException {
        if (!columns.contains(name)) {
            throw new DatasetFormatException(String.format("%s: %s has no column '%s'; its columns are %s",
                    file, path, name, columns));
        }
        if (Hdf5Nodes.dataset(table, name + "_index") != null) {
            throw new DatasetFormatException(String.format(
                    "%s: %s/%s is a ragged column (it has %s_index); it needs one value per row", file, path, name, name));
        }
        double[] values = Hdf5Nodes.vector(Hdf5Nodes.dataset(table, name), file);
        if (length >= 0 && values.length != length) {
            throw new DatasetFormatException(String.format("%s: %s/%s has %d values but start_time has %d",
                    file, path, name, values.length, length));
        }
        return values;
    }

    private static StimulusEvents series(Group series, RecordingOptions options, String file)
            throws DatasetFormatException {
        String path = Hdf5Nodes.pathOf(series);
        Dataset data = Hdf5Nodes.dataset(series, "data");
        double[] angles = Hdf5Nodes.vector(data, file);
        double[] onsets = NwbSeries.timesOf(series, angles.length, file);
        if (onsets.length != angles.length) {
            throw new DatasetFormatException(String.format("%s: %s/data has %d values but timestamps has %d",
                    file, path, angles.length, onsets.length));
        }
        String unit = Hdf5Nodes.text(data, "unit");
        boolean radians = unit != null && unit.strip().toLowerCase(Locale.ROOT).startsWith("rad");
        double[] degrees = new double[angles.length];
        for (int i = 0; i < angles.length; i++) {
            degrees[i] = options.toDegrees(angles[i], radians);
        }
        double[] stops = new double[angles.length];
        Arrays.fill(stops, Double.NaN);
        return StimulusEvents.of(onsets, stops, degrees, path, file);
    }
}
