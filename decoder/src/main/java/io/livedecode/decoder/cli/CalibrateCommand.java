package io.livedecode.decoder.cli;

import io.livedecode.simulator.calibration.CalibrationReport;
import io.livedecode.simulator.synthetic.PopulationConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the synthetic population's statistics, measured from generated trials, beside the targets. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Print the synthetic population's statistics beside their target ranges.",
                "The statistics are fitted back from generated trials: tuning, OSI, split-half reliability,",
                "response quantiles and a held-out ridge decoder's error."})
final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--neurons", paramLabel = "N", description = "Neurons (default: ${DEFAULT-VALUE}).")
    int neurons = PopulationConfig.defaults().neurons();

    @Option(names = "--trials", paramLabel = "N", description = "Trials (default: ${DEFAULT-VALUE}).")
    int trials = PopulationConfig.defaults().trials();

    @Option(names = "--population-seed", paramLabel = "SEED", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = PopulationConfig.defaults().seed();

    @Option(names = "--test-trials", paramLabel = "N", description = "Held-out trials for the ridge decoder (default: ${DEFAULT-VALUE}).")
    int testTrials = 1000;

    @Override
    public Integer call() {
        PopulationConfig config = PopulationConfig.defaults().withNeurons(neurons).withTrials(trials).withSeed(seed);
        System.out.print(CalibrationReport.table(config, testTrials));
        return 0;
    }
}
