package io.livedecode.simulator.synthetic;

import io.livedecode.simulator.source.TransformedSource;
import io.livedecode.simulator.source.TrialSource;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Any trial source with a {@link DriftScenario} applied: trials before the onset pass unchanged;
 * from the onset on, each trial's responses are rewritten per neuron. The per-neuron draws come from
 * the scenario's seed, so the drifted session is as reproducible as its base.
 */
public final class DriftingSource extends TransformedSource {

    private static final long DRIFT_STREAM = 0x6472696674L;

    private final DriftScenario scenario;
    /** GAIN_*: log of each neuron's final gain; SILENCE: 0 (silent) or 1. */
    private final double[] perNeuron;
    /** TUNING_SHIFT: neuron n takes the responses of neuron {@code source[n]}. */
    private final int[] source;

    /**
     * @param preferredDegrees each neuron's preferred direction; needed by TUNING_SHIFT only (may be null otherwise)
     */
    public DriftingSource(TrialSource base, DriftScenario scenario, double[] preferredDegrees) {
        super(base);
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        int n = base.neurons();
        // A ramp draws the gains a step with the same seed draws: it only reaches them gradually.
        DriftScenario.Kind draws = scenario.kind() == DriftScenario.Kind.GAIN_RAMP ? DriftScenario.Kind.GAIN_STEP
                : scenario.kind();
        SplitMix64 random = new SplitMix64(SeedStreams.derive(scenario.seed(), DRIFT_STREAM, draws.ordinal()));
        perNeuron = new double[n];
        int[] map = null;
        switch (scenario.kind()) {
            case GAIN_STEP, GAIN_RAMP -> {
                for (int i = 0; i < n; i++) {
                    perNeuron[i] = scenario.magnitude() * random.nextGaussian();
                }
            }
            case SILENCE -> {
                for (int i = 0; i < n; i++) {
                    perNeuron[i] = random.nextDouble() < scenario.magnitude() ? 0 : 1;
                }
            }
            case TUNING_SHIFT -> {
                if (preferredDegrees == null || preferredDegrees.length != n) {
                    throw new IllegalArgumentException("TUNING_SHIFT needs one preferred direction per neuron ("
                            + n + "), got " + (preferredDegrees == null ? "none" : preferredDegrees.length));
                }
                double[] shifted = new double[n];
                for (int i = 0; i < n; i++) {
                    shifted[i] = wrap(preferredDegrees[i] + scenario.magnitude() * random.nextGaussian());
                }
                Integer[] byPreferred = ranks(preferredDegrees);
                Integer[] byShifted = ranks(shifted);
                map = new int[n];
                for (int r = 0; r < n; r++) {
                    map[byShifted[r]] = byPreferred[r];
                }
            }
        }
        source = map;
    }

    private static Integer[] ranks(double[] degrees) {
        Integer[] order = IntStream.range(0, degrees.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> degrees[i]).thenComparingInt(i -> i));
        return order;
    }

    private static double wrap(double degrees) {
        double w = degrees % 360.0;
        return w < 0 ? w + 360.0 : w;
    }

    public DriftScenario scenario() {
        return scenario;
    }

    @Override
    protected void rewrite(int index, float[] x) {
        if (index < scenario.onsetTrial()) {
            return;
        }
        switch (scenario.kind()) {
            case GAIN_STEP -> scale(x, 1.0);
            case GAIN_RAMP -> scale(x, Math.min(1.0, (index - scenario.onsetTrial() + 1.0) / scenario.rampTrials()));
            case SILENCE -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (x[i] * perNeuron[i]);
                }
            }
            case TUNING_SHIFT -> {
                float[] original = x.clone();
                for (int i = 0; i < x.length; i++) {
                    x[i] = original[source[i]];
                }
            }
        }
    }

    private void scale(float[] x, double fraction) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] * StrictMath.exp(fraction * perNeuron[i]));
        }
    }
}
