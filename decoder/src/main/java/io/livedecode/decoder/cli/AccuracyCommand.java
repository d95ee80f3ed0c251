package io.livedecode.decoder.cli;

import io.livedecode.decoder.bench.AccuracyBenchmark;
import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.simulator.source.TrialSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Compares online decoders, offline ridge and the seed's PyTorch recipe on the same trials. */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
        description = {"Accuracy benchmark: online decoders vs offline ridge vs the seed's PyTorch recipe.",
                "On one session (default: the synthetic 23,589 x 4,598 session):",
                "online decoders make one prequential pass and are scored on the last --evaluate trials before",
                "learning each; offline ridge and the seed's PyTorch recipe (raw degrees, MSE, full-batch SGD, run",
                "by /usr/bin/python3) train on the trials before them."})
final class AccuracyCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--evaluate", paramLabel = "N", description = "Held-out trials at the end (default: ${DEFAULT-VALUE}).")
    int evaluate = 1000;

    @Option(names = "--variants", paramLabel = "LIST", split = ",",
            description = "Online decoder variants (default: ${DEFAULT-VALUE}).")
    List<String> variants = Arrays.asList("linear", "relu200", "relu200-rehearsal");

    @Option(names = "--torch-iterations", paramLabel = "N",
            description = "Full-batch SGD steps of the PyTorch recipe; 0 skips it (default: ${DEFAULT-VALUE}).")
    int torchIterations = 50;

    @Override
    public Integer call() throws Exception {
        TrialSource trials = source.open();
        int trainEnd = trials.trials() - evaluate;
        System.out.printf("accuracy benchmark on %s: train on trials 0-%d, evaluate %d-%d%n", source.describe(),
                trainEnd - 1, trainEnd, trials.trials() - 1);
        AccuracyBenchmark bench = new AccuracyBenchmark(trials, trainEnd, 360, System.out);
        List<AccuracyBenchmark.Row> rows = bench.run(VariantCatalog.resolve(variants, 360, 1, 200), torchIterations);
        AccuracyBenchmark.print(rows, evaluate, System.out);
        return 0;
    }
}
