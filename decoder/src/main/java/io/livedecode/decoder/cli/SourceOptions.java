package io.livedecode.decoder.cli;

import io.livedecode.simulator.dataset.Datasets;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where trials come from: a recorded file, or the seeded synthetic population. */
final class SourceOptions {

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "Replay a recording: W3D4_stringer_oribinned1.npz or stringer_orientations.npy. "
                    + "Without it, a synthetic population is generated.")
    Path dataset;

    @Option(names = "--neurons", paramLabel = "N", description = "Synthetic neurons (default: ${DEFAULT-VALUE}).")
    int neurons = PopulationConfig.defaults().neurons();

    @Option(names = "--trials", paramLabel = "N", description = "Synthetic trials (default: ${DEFAULT-VALUE}).")
    int trials = PopulationConfig.defaults().trials();

    @Option(names = "--population-seed", paramLabel = "SEED", description = "Synthetic population seed (default: ${DEFAULT-VALUE}).")
    long seed = PopulationConfig.defaults().seed();

    TrialSource open() throws java.io.IOException {
        if (dataset != null) {
            return Datasets.open(dataset);
        }
        return new SyntheticPopulation(PopulationConfig.defaults().withNeurons(neurons).withTrials(trials).withSeed(seed));
    }

    String describe() {
        return dataset != null ? dataset.toString()
                : String.format("synthetic population (%,d neurons x %,d trials, seed %d)", neurons, trials, seed);
    }
}
