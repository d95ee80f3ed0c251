package io.livedecode.decoder.cli;

import io.livedecode.simulator.dataset.DatasetFormatException;
import io.livedecode.simulator.dataset.Datasets;
import io.livedecode.simulator.dataset.RecordingOptions;
import io.livedecode.simulator.dataset.ResponseWindow;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.PopulationSuite;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where trials come from: a recording (the teaching npz, the pickled npy, an NWB file or a Suite2p
 * folder), a population of the accuracy suite, or the seeded synthetic population. The rig options apply to NWB and Suite2p only and
 * are refused with any other source, so none is silently ignored.
 */
final class SourceOptions {

    @Option(names = "--dataset", paramLabel = "PATH",
            description = "Replay a recording: W3D4_stringer_oribinned1.npz, stringer_orientations.npy, an NWB file "
                    + "or a Suite2p folder (suite2p/plane0). Without it, a synthetic population is generated.")
    Path dataset;

    @Option(names = "--population", paramLabel = "NAME",
            description = "A population of the accuracy suite instead of the built-in session (see ./livedecode"
                    + " accuracy --help); --neurons changes its size, --trials and --population-seed do not apply.")
    String population;

    @Option(names = "--neurons", paramLabel = "N",
            description = "Synthetic neurons (default: 23,589, or the --population's own count).")
    Integer neurons;

    @Option(names = "--trials", paramLabel = "N", description = "Synthetic trials (default: ${DEFAULT-VALUE}).")
    int trials = PopulationConfig.defaults().trials();

    @Option(names = "--population-seed", paramLabel = "SEED", description = "Synthetic population seed (default: ${DEFAULT-VALUE}).")
    long seed = PopulationConfig.defaults().seed();

    @Option(names = "--series", paramLabel = "PATH",
            description = "NWB: the response TimeSeries, data (time, rois) (default: the only one under processing/ophys).")
    String series;

    @Option(names = "--stimulus", paramLabel = "PATH",
            description = "NWB: a trials table or stimulus TimeSeries (default: intervals/trials, else the only "
                    + "TimeSeries under stimulus/presentation). Suite2p: the stimulus file, .npy (k, 2) or .csv "
                    + "frame,angle (required).")
    String stimulus;

    @Option(names = "--angle-column", paramLabel = "NAME",
            description = "NWB trials table column of the angle (default: orientation, direction or angle).")
    String angleColumn;

    @Option(names = "--angle-units", paramLabel = "auto|degrees|radians",
            description = "Units of the stimulus angles (default: ${DEFAULT-VALUE}: degrees, unless an NWB series' unit says radians).")
    String angleUnits = "auto";

    @Option(names = "--window", paramLabel = "START:END",
            description = "A trial's response: the mean over frames at onset+START <= t < onset+END seconds (default: ${DEFAULT-VALUE}).")
    String window = "0:1";

    @Option(names = "--per-frame",
            description = "Replay every imaging frame, labelled with the trial it falls in (unlabelled between trials).")
    boolean perFrame;

    @Option(names = "--trace", paramLabel = "spks|F",
            description = "Suite2p: deconvolved spks.npy or fluorescence F.npy (default: ${DEFAULT-VALUE}).")
    String trace = "spks";

    @Option(names = "--all-rois", description = "Suite2p: keep every ROI, not only those iscell.npy marks as cells.")
    boolean allRois;

    @Option(names = "--frame-rate", paramLabel = "HZ",
            description = "Suite2p: imaging frames per second (default: fs from ops.npy).")
    Double frameRate;

    TrialSource open() throws java.io.IOException {
        if (dataset == null) {
            requireNoRigOptions("without --dataset");
            if (population != null) {
                PopulationSuite.Member m = PopulationSuite.member(population);
                return m.open(neurons != null ? neurons : m.neurons());
            }
            return new SyntheticPopulation(PopulationConfig.defaults().withNeurons(syntheticNeurons()).withTrials(trials)
                    .withSeed(seed));
        }
        if (population != null) {
            throw new DatasetFormatException("--population and --dataset are alternatives: give one");
        }
        Datasets.Kind kind = Datasets.kindOf(dataset);
        if (!kind.isRig()) {
            requireNoRigOptions("with " + dataset + ", which is " + describe(kind));
            return Datasets.open(dataset);
        }
        return Datasets.open(dataset, recordingOptions());
    }

    /** The rig options as given; their messages name a bad value. */
    RecordingOptions recordingOptions() throws DatasetFormatException {
        try {
            return new RecordingOptions(series, stimulus, angleColumn, RecordingOptions.AngleUnits.parse(angleUnits),
                    ResponseWindow.parse(window), perFrame, RecordingOptions.Trace.parse(trace), allRois,
                    frameRate == null ? Double.NaN : frameRate);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(e.getMessage());
        }
    }

    private void requireNoRigOptions(String context) throws DatasetFormatException {
        List<String> given = new ArrayList<>();
        addIf(given, series != null, "--series");
        addIf(given, stimulus != null, "--stimulus");
        addIf(given, angleColumn != null, "--angle-column");
        addIf(given, !angleUnits.equals("auto"), "--angle-units");
        addIf(given, !window.equals("0:1"), "--window");
        addIf(given, perFrame, "--per-frame");
        addIf(given, !trace.equals("spks"), "--trace");
        addIf(given, allRois, "--all-rois");
        addIf(given, frameRate != null, "--frame-rate");
        if (!given.isEmpty()) {
            throw new DatasetFormatException(String.join(", ", given) + " only apply to NWB files and Suite2p folders, "
                    + "not " + context);
        }
    }

    private static void addIf(List<String> list, boolean condition, String option) {
        if (condition) {
            list.add(option);
        }
    }

    private static String describe(Datasets.Kind kind) {
        return switch (kind) {
            case ORIBINNED_NPZ -> "the binned npz";
            case ORIENTATIONS_NPY -> "the trial-level npy";
            case NWB -> "an NWB file";
            case SUITE2P -> "a Suite2p folder";
        };
    }

    String describe() {
        if (population != null && dataset == null) {
            PopulationSuite.Member m = PopulationSuite.member(population);
            return String.format("suite population %s (%,d neurons x %,d trials, period %.0f)", population,
                    neurons != null ? neurons : m.neurons(), m.trials(), m.periodDegrees());
        }
        return dataset != null ? dataset.toString()
                : String.format("synthetic population (%,d neurons x %,d trials, seed %d)", syntheticNeurons(), trials,
                seed);
    }

    private int syntheticNeurons() {
        return neurons != null ? neurons : PopulationConfig.defaults().neurons();
    }
}
