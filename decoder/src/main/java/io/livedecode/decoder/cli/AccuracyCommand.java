package io.livedecode.decoder.cli;

import io.livedecode.decoder.bench.AccuracySuite;
import io.livedecode.decoder.bench.DriftBenchmark;
import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationSuite;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the accuracy benchmark over the population suite, or the drift scenarios. */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
        description = {"Accuracy benchmark: online decoders against offline ridge on the population suite.",
                "On every population each variant makes one prequential pass (decode, score, then learn each",
                "labelled frame). Printed per population and variant: the median error after 300, 1,000 and",
                "3,000 labelled frames (the errors of the 200 frames centred there, each measured before",
                "learning it), ridge fitted on those first N frames (input and penalty chosen on their last",
                "fifth) and scored on the next 500, the ratio, and frames-to-competence: labelled frames until",
                "the rolling median of the last 200 errors stays within 1.25x of ridge-after-3,000.",
                "The full suite takes about 40 minutes on 2 cores; --quick about 4.",
                "--drift runs the drift scenarios on the built-in session instead (about 2 minutes)."})
final class AccuracyCommand implements Callable<Integer> {

    @Option(names = "--populations", paramLabel = "LIST", split = ",",
            description = "Suite populations to run (default: all of them): ${COMPLETION-CANDIDATES}.",
            completionCandidates = PopulationNames.class)
    List<String> populations = PopulationNames.all();

    @Option(names = "--variants", paramLabel = "LIST", split = ",",
            description = "Online decoder variants (default: the defaults and their -sgd, -l2, -l1, -dropout and"
                    + " -rehearsal forms; with --quick: linear,relu200).")
    List<String> variants;

    @Option(names = "--neurons", paramLabel = "N",
            description = "Run every population with N neurons instead of its own count.")
    int neurons;

    @Option(names = "--quick", description = "Each population with at most 4,000 neurons, variants linear and relu200"
            + " (unless --variants is given).")
    boolean quick;

    @Option(names = "--drift", description = "Run the drift scenarios (gain step, gain drift, 10%% silent neurons,"
            + " tuning shift) and a stationary session instead, on the first population given (default builtin).")
    boolean drift;

    @Option(names = "--seed", paramLabel = "SEED", description = "Decoder seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Override
    public Integer call() {
        List<String> chosen = variants != null ? variants
                : quick || drift ? VariantCatalog.DEFAULT_VARIANTS : VariantCatalog.BENCHMARK_VARIANTS;
        populations.forEach(PopulationSuite::member);
        if (drift) {
            return drift(chosen);
        }
        long start = System.nanoTime();
        AccuracySuite suite = new AccuracySuite(AccuracySuite.Settings.defaults(), System.err);
        System.out.printf(Locale.ROOT, "accuracy benchmark: %d populations x %d variants%s%n", populations.size(),
                chosen.size(), quick ? " (quick: at most 4,000 neurons)" : "");
        suite.runAll(populations, quick ? 4_000 : 0, neurons,
                period -> VariantCatalog.resolve(chosen, period, seed, AccuracySuite.Settings.defaults().window()),
                System.out);
        System.out.printf(Locale.ROOT, "%ntotal %.0f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private int drift(List<String> names) {
        String name = populations.size() == PopulationNames.all().size() ? PopulationSuite.BUILTIN : populations.getFirst();
        PopulationSuite.Member member = PopulationSuite.member(name);
        int n = neurons > 0 ? neurons : quick ? Math.min(4_000, member.neurons()) : member.neurons();
        TrialSource base = member.open(n);
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "drift scenarios on %s (%,d neurons x %,d trials)%n", name, n, base.trials());
        DriftBenchmark bench = new DriftBenchmark(DriftBenchmark.Settings.defaults(), System.err);
        List<DriftBenchmark.Result> results = bench.run(base, PopulationSuite.preferredDegrees(base),
                VariantCatalog.resolve(names, member.periodDegrees(), seed, AccuracySuite.Settings.defaults().window()), seed);
        bench.print(results, base.trials(), System.out);
        System.out.printf(Locale.ROOT, "%ntotal %.0f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** The suite's member names, for the help text and as the default. */
    static final class PopulationNames implements Iterable<String> {
        static List<String> all() {
            return PopulationSuite.members().stream().map(PopulationSuite.Member::name).toList();
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return all().iterator();
        }
    }
}
