package io.livedecode.simulator.synthetic;

import io.livedecode.simulator.source.TrialSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The named populations decoders are judged on: the built-in Stringer-like session and generator
 * families that differ from it where real recordings differ (tuning width and shape, noise family
 * and Fano factor, shared gain and correlated noise, share of untuned neurons, response scale over
 * orders of magnitude, 1,000 to 50,000 neurons, orientation and direction). Every member is seeded
 * and computes trials on demand, so it replays like a recording.
 *
 * <p>{@link Member#tuning()} marks the members the decoder defaults were chosen on; the others are
 * held out, to show how the defaults fare on populations they were not tuned on.
 */
public final class PopulationSuite {

    /** The name of the built-in session, {@link SyntheticPopulation} with {@link PopulationConfig#defaults()}. */
    public static final String BUILTIN = "builtin";

    /**
     * One population of the suite.
     *
     * @param name    identifier used on the command line
     * @param summary what sets it apart, one line
     * @param tuning  whether the decoder defaults were tuned on it
     * @param spec    its generator spec; null for the built-in session
     */
    public record Member(String name, String summary, boolean tuning, FamilySpec spec) {

        public int neurons() {
            return spec == null ? PopulationConfig.STRINGER_NEURONS : spec.neurons();
        }

        public int trials() {
            return spec == null ? PopulationConfig.STRINGER_TRIALS : spec.trials();
        }

        public double periodDegrees() {
            return spec == null ? PopulationConfig.defaults().periodDegrees() : spec.periodDegrees();
        }

        /** The population with its own size. */
        public TrialSource open() {
            return open(neurons());
        }

        /** The population with {@code neuronCount} neurons instead (same statistics, other size). */
        public TrialSource open(int neuronCount) {
            return spec == null
                    ? new SyntheticPopulation(PopulationConfig.defaults().withNeurons(neuronCount))
                    : new FamilyPopulation(spec.withNeurons(neuronCount));
        }
    }

    private static final Map<String, Member> MEMBERS = new LinkedHashMap<>();

    static {
        add(new Member(BUILTIN, "Stringer-like: von Mises, gamma noise (CV 0.53), shared gain 0.15, 23,589 neurons, direction",
                true, null));
        add(new Member("broad-gamma",
                "broad von Mises (kappa 1.5), heavy gamma noise (CV 0.82), gain 0.3, 20% untuned, direction",
                true, new FamilySpec("broad-gamma", 23_589, 4_598, 360, 21,
                        new FamilyTuning(TuningShape.VON_MISES, 1.5, 0.6, 0.2, 10, 0.6, 0.5, 0.7),
                        new FamilyNoise(NoiseFamily.GAMMA, 1.5, 0.3, 0, 0, 1.0))));
        add(new Member("poisson-orientation",
                "sparse spike counts (Poisson, Fano 1, under 1 spike), truncated-cosine tuning, 50% untuned, 10,000 neurons, orientation",
                true, new FamilySpec("poisson-orientation", 10_000, 4_598, 180, 22,
                        new FamilyTuning(TuningShape.TRUNCATED_COSINE, 2, 0.5, 0.5, 0.8, 0.8, 0.3, 1),
                        new FamilyNoise(NoiseFamily.POISSON, 0, 0.2, 0, 0, 0.5))));
        add(new Member("dff-scales",
                "dF/F-like additive Gaussian noise, amplitudes over 3 decades around 0.01, direction lobe only,"
                        + " 3 latent factors, 40% untuned, 50,000 neurons",
                false, new FamilySpec("dff-scales", 50_000, 4_598, 360, 23,
                        new FamilyTuning(TuningShape.DIRECTION_VON_MISES, 2, 0.5, 0.4, 0.01, 1.6, 0.1, 1),
                        new FamilyNoise(NoiseFamily.GAUSSIAN, 1.0, 0.1, 3, 0.5, 1.0))));
        add(new Member("correlated-counts",
                "over-dispersed counts (negative binomial, Fano ~3), gain 0.35, 8 strong latent factors, orientation",
                false, new FamilySpec("correlated-counts", 23_589, 4_598, 180, 24,
                        new FamilyTuning(TuningShape.VON_MISES, 3, 0.8, 0.1, 5, 0.5, 0.2, 1),
                        new FamilyNoise(NoiseFamily.NEGATIVE_BINOMIAL, 2, 0.35, 8, 0.6, 1.0))));
        add(new Member("small-sharp",
                "1,000 sharply tuned neurons (kappa 8) at a scale of ~500, gamma noise (CV 0.71), direction",
                false, new FamilySpec("small-sharp", 1_000, 4_598, 360, 25,
                        new FamilyTuning(TuningShape.VON_MISES, 8, 0.4, 0.1, 500, 0.5, 0.1, 0.5),
                        new FamilyNoise(NoiseFamily.GAMMA, 2, 0.1, 0, 0, 0.5))));
    }

    private PopulationSuite() {
    }

    private static void add(Member m) {
        MEMBERS.put(m.name(), m);
    }

    /** Every member, in report order (the built-in session first). */
    public static List<Member> members() {
        return List.copyOf(MEMBERS.values());
    }

    /**
     * The member called {@code name}.
     *
     * @throws IllegalArgumentException naming the known members if there is none
     */
    public static Member member(String name) {
        Member m = MEMBERS.get(Objects.requireNonNull(name, "name"));
        if (m == null) {
            throw new IllegalArgumentException("unknown population '" + name + "'; known: " + String.join(", ", MEMBERS.keySet()));
        }
        return m;
    }

    /**
     * Each neuron's preferred direction (degrees) of a suite population, as the TUNING_SHIFT drift
     * needs; null for sources that do not know it.
     */
    public static double[] preferredDegrees(TrialSource source) {
        if (source instanceof FamilyPopulation f) {
            return f.preferredDegrees();
        }
        if (source instanceof SyntheticPopulation s) {
            double[] p = new double[s.neurons()];
            for (int n = 0; n < p.length; n++) {
                p[n] = s.parameters().preferredDegrees(n);
            }
            return p;
        }
        return null;
    }
}
