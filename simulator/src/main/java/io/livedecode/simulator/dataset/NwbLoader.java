package io.livedecode.simulator.dataset;

import io.jhdf.HdfFile;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;

/**
 * Loads an NWB file (HDF5, read with jHDF): a response series of shape (time, rois) under
 * {@code processing/ophys} and the stimulus presentations of a trials table or stimulus
 * TimeSeries, into one replayed frame per presentation (the mean response over a window after its
 * onset) or, when asked, one per imaging frame. NWB's schema is not interpreted beyond the paths,
 * datasets and attributes read here; see {@link NwbSeries} and {@link NwbStimulus}.
 */
public final class NwbLoader {

    private NwbLoader() {
    }

    /**
     * @throws DatasetFormatException naming the missing group, dataset, column or the bad shape or type
     */
    public static LoadedSession load(Path file, RecordingOptions options) throws DatasetFormatException {
        DatasetFiles.requireReadableFile(file);
        String name = file.toString();
        try (HdfFile hdf = new HdfFile(file)) {
            NwbSeries series = NwbSeries.locate(hdf, options.series(), name);
            StimulusEvents events = NwbStimulus.read(hdf, options, name);
            Hdf5Frames frames = new Hdf5Frames(series.data(), series.path() + "/data", name, series.conversion(),
                    series.offset());
            int neurons = series.data().getDimensions()[1];
            String timing = series.timeSource() + "; stimulus from " + events.source();
            if (options.perFrame()) {
                float[][] rows = new float[series.times().length][];
                frames.read((index, row) -> rows[index] = row);
                return TrialAssembly.perFrame(name, rows, series.times(), events, timing + "; one frame per imaging frame");
            }
            TrialAssembly.Windows windows = TrialAssembly.windows(series.times(), events, options.window(), name);
            WindowAverager averager = new WindowAverager(windows, neurons);
            frames.read(averager);
            return TrialAssembly.perTrial(name, averager.result(), windows, events,
                    timing + "; one frame per trial, the mean over " + options.window());
        } catch (HdfException e) {
            throw new DatasetFormatException(name + ": not a readable NWB (HDF5) file: " + e.getMessage(), e);
        }
    }
}
