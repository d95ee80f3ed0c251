package io.livedecode.simulator.calibration;

import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints how a synthetic population compares with the Stringer et al. 2019 recording: each
 * statistic measured from generated trials, next to the range it should fall in. Run with
 * {@code java -Xmx2g -cp simulator/target/classes io.livedecode.simulator.calibration.CalibrationReport
 * [--neurons N] [--trials T] [--seed S] [--period 360|180] [--test-trials K]}; defaults are the
 * full-size session and 1,000 held-out trials.
 */
public final class CalibrationReport {

    /** One line of the report; {@code low}/{@code high} are NaN for a figure shown without a target. */
    public record Row(String statistic, double measured, double low, double high, String unit) {

        public boolean hasTarget() {
            return !Double.isNaN(low);
        }

        public boolean inRange() {
            return !hasTarget() || (measured >= low && measured <= high);
        }
    }

    private CalibrationReport() {
    }

    /** Measures {@code config}'s session; the ridge is trained on all but the last {@code testTrials}. */
    public static List<Row> measure(PopulationConfig config, int testTrials) {
        if (testTrials < 1 || testTrials >= config.trials() - 10) {
            throw new IllegalArgumentException(String.format(
                    "testTrials %d leaves too few of the %d trials to train on", testTrials, config.trials()));
        }
        SyntheticPopulation population = new SyntheticPopulation(config);
        double period = config.periodDegrees();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("trial generation, one thread", generationMillis(population), Double.NaN, Double.NaN, "ms/trial"));

        PopulationStatistics s = PopulationStatistics.measure(population, 0, config.trials(), period);
        rows.add(new Row("von Mises kappa, 25th percentile", s.concentrationLowerQuartile(), 1.0, 1.6, ""));
        rows.add(new Row("von Mises kappa, median", s.concentrationMedian(), 3.3, 4.3, ""));
        rows.add(new Row("von Mises kappa, 75th percentile", s.concentrationUpperQuartile(), 6.5, 10.0, ""));
        rows.add(new Row("OSI (pref-orth)/(pref+orth), median", s.orientationSelectivityMedian(), 0.55, 0.65, ""));
        rows.add(new Row("OSI vector |sum r e^2i0|/sum r, median", s.vectorSelectivityMedian(), Double.NaN, Double.NaN, ""));
        if (period == 360.0) {
            rows.add(new Row("DSI (pref-null)/(pref+null), median", s.directionSelectivityMedian(), 0.1, 0.4, ""));
        }
        rows.add(new Row("split-half reliability (1 deg bins), median", s.reliabilityMedian(), 0.75, 0.85, ""));
        rows.add(new Row("response mean", s.responseMean(), 8.0, 10.0, ""));
        rows.add(new Row("response median", s.responseMedian(), 5.0, 7.0, ""));
        rows.add(new Row("response 90th percentile", s.responseP90(), Double.NaN, Double.NaN, ""));
        rows.add(new Row("response 99th percentile", s.responseP99(), Double.NaN, Double.NaN, ""));
        rows.add(new Row("heavy tail: p99 / median", s.responseP99() / s.responseMedian(), 4.0, Double.POSITIVE_INFINITY, ""));

        int train = config.trials() - testTrials;
        long start = System.nanoTime();
        RidgeDecoder ridge = RidgeDecoder.fitSelectingPenalty(population, 0, train, period);
        double error = ridge.medianAbsoluteErrorDegrees(population, train, config.trials());
        double seconds = (System.nanoTime() - start) / 1e9;
        rows.add(new Row("ridge penalty chosen (relative)", ridge.penalty(), Double.NaN, Double.NaN, ""));
        rows.add(new Row(String.format(Locale.ROOT, "ridge median abs error, last %d trials", testTrials),
                error, 1.0, 3.0, "deg"));
        rows.add(new Row("ridge fit and evaluation time", seconds, Double.NaN, Double.NaN, "s"));
        return rows;
    }

    /** The report of {@link #measure} as a text table with a header naming the session. */
    public static String table(PopulationConfig config, int testTrials) {
        List<Row> rows = measure(config, testTrials);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "synthetic population: %d neurons x %d trials, period %.0f deg, seed %d%n",
                config.neurons(), config.trials(), config.periodDegrees(), config.seed()));
        out.append(String.format(Locale.ROOT, "%-46s | %10s | %-12s | %s%n", "statistic", "measured", "target", "ok"));
        out.append("-".repeat(46)).append("-+-").append("-".repeat(10)).append("-+-")
                .append("-".repeat(12)).append("-+---\n");
        for (Row row : rows) {
            String target = !row.hasTarget() ? "-"
                    : Double.isInfinite(row.high()) ? String.format(Locale.ROOT, ">= %.2f", row.low())
                    : String.format(Locale.ROOT, "%.2f - %.2f", row.low(), row.high());
            String name = row.unit().isEmpty() ? row.statistic() : row.statistic() + " (" + row.unit() + ")";
            out.append(String.format(Locale.ROOT, "%-46s | %10.3f | %-12s | %s%n", name, row.measured(), target,
                    row.hasTarget() ? (row.inRange() ? "yes" : "NO") : ""));
        }
        return out.toString();
    }

    // Single-threaded, after a warm-up, so the figure is the cost a replay pays per frame.
    private static double generationMillis(SyntheticPopulation population) {
        float[] buffer = new float[population.neurons()];
        int count = Math.min(population.trials(), 200);
        for (int i = 0; i < count; i++) {
            population.responsesInto(i, buffer);
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            population.responsesInto(i, buffer);
        }
        return (System.nanoTime() - start) / 1e6 / count;
    }

    public static void main(String[] args) {
        PopulationConfig config = PopulationConfig.defaults();
        int testTrials = 1_000;
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--neurons" -> config = config.withNeurons(Integer.parseInt(value));
                    case "--trials" -> config = config.withTrials(Integer.parseInt(value));
                    case "--seed" -> config = config.withSeed(Long.parseLong(value));
                    case "--period" -> config = config.withPeriodDegrees(Double.parseDouble(value));
                    case "--test-trials" -> testTrials = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: CalibrationReport [--neurons N] [--trials T] [--seed S] [--period 360|180]"
                    + " [--test-trials K]");
            System.exit(2);
        }
        long start = System.nanoTime();
        System.out.print(table(config, testTrials));
        System.out.printf(Locale.ROOT, "total %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
}
