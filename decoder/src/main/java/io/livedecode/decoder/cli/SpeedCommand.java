package io.livedecode.decoder.cli;

import io.livedecode.decoder.bench.StepBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the model speed benchmark: predict, update and step beside the memory floor on one core and
 * on all, stock Smile and the seed's PyTorch network, all in one run.
 */
@Command(name = "speed", mixinStandardHelpOptions = true,
        description = {"Model speed benchmark, every reference measured in the same run in interleaved rounds.",
                "Predict, update and predict+update per frame at 23,589 -> 200 and -> 50, the linear readout and",
                "each default variant: the memory floor of the same weight bytes on one core and on all, our",
                "kernels, stock Smile's MLP and the seed's PyTorch network (/usr/bin/python3 with python3-torch,",
                "a child process), with ratios to the all-core floor, allocation per frame and the speed goals;",
                "then the step cost by optimiser and every default variant as the service runs it (rehearsal",
                "included) against half a 30 Hz frame. Takes a few minutes."})
final class SpeedCommand implements Callable<Integer> {

    @Option(names = "--neurons", paramLabel = "N", description = "Inputs (default: ${DEFAULT-VALUE}).")
    int neurons = 23_589;

    @Option(names = "--hidden", paramLabel = "LIST", description = "Hidden sizes (default: ${DEFAULT-VALUE}).")
    String hidden = "200,50";

    @Option(names = "--rounds", paramLabel = "N", description = "Interleaved rounds; medians are reported (default: ${DEFAULT-VALUE}).")
    int rounds = 21;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of("neurons=" + neurons, "hidden=" + hidden, "rounds=" + rounds));
        StepBenchmark.main(args.toArray(String[]::new));
        return 0;
    }
}
