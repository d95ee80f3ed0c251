package io.livedecode.decoder.cli;

import io.livedecode.simulator.dataset.Datasets;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.PopulationSuite;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where trials come from: a recorded file, a population of the suite, or the seeded synthetic population. */
final class SourceOptions {

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "Replay a recording: W3D4_stringer_oribinned1.npz or stringer_orientations.npy. "
                    + "Without it, a synthetic population is generated.")
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

    TrialSource open() throws java.io.IOException {
        if (dataset != null) {
            return Datasets.open(dataset);
        }
        if (population != null) {
            PopulationSuite.Member m = PopulationSuite.member(population);
            return m.open(neurons != null ? neurons : m.neurons());
        }
        return new SyntheticPopulation(PopulationConfig.defaults().withNeurons(syntheticNeurons()).withTrials(trials)
                .withSeed(seed));
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
