package io.livedecode.decoder.bench;

import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.StepResult;
import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.DriftScenario;
import io.livedecode.simulator.synthetic.DriftingSource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How decoders follow a population that changes part-way through a session: each scenario (a
 * per-neuron gain step, a slow gain drift, 10% of the neurons falling silent, a shift of preferred
 * orientations) is applied from {@link Settings#onset} on, every variant makes one prequential pass,
 * and the error after the change is compared with the error just before it. A stationary pass over
 * the unchanged session counts false alarms.
 *
 * <p>Figures per scenario and variant: the median error of the {@code before} frames up to the
 * onset; alarms before the onset (false); labelled frames from the onset to the first alarm after
 * it; the median error of the {@code early} frames from the onset (how much the change hurt while a
 * detector could still be in time), of the {@code window} frames ending {@code checkAfter} frames
 * after the onset, and of the last {@code window} frames of the session, each as a ratio to the
 * error before.
 */
public final class DriftBenchmark {

    /**
     * @param onset      first changed trial
     * @param before     frames before the onset whose median is the reference error
     * @param window     frames in each later median
     * @param checkAfter the recovery check: the window ending this many frames after the onset
     * @param early      frames from the onset in the median of how much the change hurt at first
     */
    public record Settings(int onset, int before, int window, int checkAfter, int early) {
        public Settings {
            if (before < 1 || window < 1 || early < 1 || onset < before || checkAfter < window) {
                throw new IllegalArgumentException(String.format("drift settings need before, window and early >= 1,"
                                + " onset >= before and checkAfter >= window; got onset %d, before %d, window %d,"
                                + " checkAfter %d, early %d", onset, before, window, checkAfter, early));
            }
        }

        public static Settings defaults() {
            return new Settings(2_000, 300, 100, 300, 50);
        }
    }

    /** One variant under one scenario (or the stationary session, {@code scenario} null). */
    public record Result(String scenario, String variant, double errorBefore, int alarmsBefore, int firstAlarmAfter,
                         long alarmsAfter, double ratioEarly, double ratioAtCheck, double ratioAtEnd) {
    }

    private final Settings settings;
    private final PrintStream progress;

    public DriftBenchmark(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * The scenarios of the suite, all starting at the onset, per-neuron draws from {@code seed}: two
     * gain steps (over the 50 frames after it, log-sd 1.0 multiplies the built-in session's linear
     * error by about 3.3 and relu200's by about 1.7; log-sd 0.5 by under 1.4, which the models absorb
     * by themselves), a slow gain drift, 10% of the neurons silent, a tuning shift.
     */
    public List<DriftScenario> scenarios(long seed) {
        int onset = settings.onset();
        return List.of(new DriftScenario(DriftScenario.Kind.GAIN_STEP, onset, 1.0, 0, seed),
                new DriftScenario(DriftScenario.Kind.GAIN_STEP, onset, 0.5, 0, seed),
                new DriftScenario(DriftScenario.Kind.GAIN_RAMP, onset, 0.5, 1_500, seed),
                new DriftScenario(DriftScenario.Kind.SILENCE, onset, 0.1, 0, seed),
                new DriftScenario(DriftScenario.Kind.TUNING_SHIFT, onset, 20, 0, seed));
    }

    /** Runs the stationary session and every scenario. */
    public List<Result> run(TrialSource base, double[] preferredDegrees, Map<String, DecoderConfig> variants,
                            long seed) {
        List<Result> results = new ArrayList<>(stationary(base, variants));
        for (DriftScenario s : scenarios(seed)) {
            results.addAll(scenario(s, base, preferredDegrees, variants));
        }
        return results;
    }

    /** Every variant on the unchanged session: alarms there are false alarms. */
    public List<Result> stationary(TrialSource base, Map<String, DecoderConfig> variants) {
        return pass(null, base, variants);
    }

    /** Every variant on the session with {@code scenario} applied. */
    public List<Result> scenario(DriftScenario scenario, TrialSource base, double[] preferredDegrees,
                                 Map<String, DecoderConfig> variants) {
        return pass(scenario, new DriftingSource(base, scenario, preferredDegrees), variants);
    }

    private List<Result> pass(DriftScenario scenario, TrialSource source, Map<String, DecoderConfig> variants) {
        String name = scenario == null ? "stationary" : describe(scenario);
        int frames = source.trials();
        int needed = settings.onset() + Math.max(settings.checkAfter() + settings.window(), settings.early());
        if (frames < needed) {
            throw new IllegalArgumentException(String.format(
                    "the session has %d trials; the drift benchmark needs %d", frames, needed));
        }
        Map<String, OnlineDecoder> decoders = new LinkedHashMap<>();
        Map<String, double[]> errors = new LinkedHashMap<>();
        Map<String, boolean[]> alarms = new LinkedHashMap<>();
        variants.forEach((v, config) -> {
            decoders.put(v, new OnlineDecoder(config, source.neurons()));
            errors.put(v, new double[frames]);
            alarms.put(v, new boolean[frames]);
        });
        StepResult step = new StepResult();
        long start = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            Trial t = source.trial(i);
            for (Map.Entry<String, OnlineDecoder> e : decoders.entrySet()) {
                e.getValue().step(t.responses(), t.stimulusDegrees(), step);
                errors.get(e.getKey())[i] = step.errorDegrees();
                alarms.get(e.getKey())[i] = step.driftDetected();
            }
            if ((i + 1) % 1000 == 0 || i + 1 == frames) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                progress.printf(Locale.ROOT, "  %s: %,d/%,d frames, %.0f s, about %.0f s to go%n", name, i + 1, frames,
                        elapsed, elapsed / (i + 1) * (frames - i - 1));
            }
        }
        List<Result> out = new ArrayList<>();
        for (String v : variants.keySet()) {
            out.add(scenario == null ? stationary(v, errors.get(v), alarms.get(v))
                    : measure(name, v, errors.get(v), alarms.get(v)));
        }
        return out;
    }

    private Result stationary(String variant, double[] errors, boolean[] alarms) {
        int count = 0;
        for (boolean a : alarms) {
            count += a ? 1 : 0;
        }
        double before = LearningCurve.median(errors, settings.onset() - settings.before(), settings.onset());
        double end = LearningCurve.median(errors, errors.length - settings.window(), errors.length);
        return new Result(null, variant, before, count, -1, 0, Double.NaN, Double.NaN, end / before);
    }

    private Result measure(String scenario, String variant, double[] errors, boolean[] alarms) {
        int onset = settings.onset();
        double before = LearningCurve.median(errors, onset - settings.before(), onset);
        int falseAlarms = 0;
        for (int i = 0; i < onset; i++) {
            falseAlarms += alarms[i] ? 1 : 0;
        }
        int first = -1;
        long after = 0;
        for (int i = onset; i < alarms.length; i++) {
            if (alarms[i]) {
                after++;
                if (first < 0) {
                    first = i - onset + 1;
                }
            }
        }
        double early = LearningCurve.median(errors, onset, onset + settings.early());
        int checkEnd = onset + settings.checkAfter();
        double check = LearningCurve.median(errors, checkEnd - settings.window(), checkEnd);
        double end = LearningCurve.median(errors, errors.length - settings.window(), errors.length);
        return new Result(scenario, variant, before, falseAlarms, first, after, early / before, check / before,
                end / before);
    }

    private static String describe(DriftScenario s) {
        return switch (s.kind()) {
            case GAIN_STEP -> String.format(Locale.ROOT, "gain step (log-sd %.1f)", s.magnitude());
            case GAIN_RAMP -> String.format(Locale.ROOT, "gain drift (log-sd %.1f over %,d)", s.magnitude(), s.rampTrials());
            case SILENCE -> String.format(Locale.ROOT, "%.0f%% silent", 100 * s.magnitude());
            case TUNING_SHIFT -> String.format(Locale.ROOT, "tuning shift (sd %.0f deg)", s.magnitude());
        };
    }

    /** The table: one row per scenario and variant. */
    public void print(List<Result> results, int frames, PrintStream out) {
        out.printf(Locale.ROOT, "%ndrift from frame %,d of %,d; error before = median of the %d frames before it;"
                        + " first %d = median of the %d frames from it; after +%d = median of the %d frames ending %d"
                        + " after it%n", settings.onset(), frames, settings.before(), settings.early(), settings.early(),
                settings.checkAfter(), settings.window(), settings.checkAfter());
        out.printf(Locale.ROOT, "%-34s %-20s %8s %8s %10s %8s %9s %10s %9s%n", "scenario", "variant", "before", "false",
                "1st alarm", "alarms", "first " + settings.early(), "after+" + settings.checkAfter(), "at end");
        for (Result r : results) {
            if (r.scenario() == null) {
                out.printf(Locale.ROOT, "%-34s %-20s %8.2f %8d %10s %8s %9s %10s %8.2fx%n", "stationary (" + frames + " frames)",
                        r.variant(), r.errorBefore(), r.alarmsBefore(), "-", "-", "-", "-", r.ratioAtEnd());
            } else {
                out.printf(Locale.ROOT, "%-34s %-20s %8.2f %8d %10s %8d %8.2fx %9.2fx %8.2fx%n", r.scenario(), r.variant(),
                        r.errorBefore(), r.alarmsBefore(), r.firstAlarmAfter() < 0 ? "none" : "+" + r.firstAlarmAfter(),
                        r.alarmsAfter(), r.ratioEarly(), r.ratioAtCheck(), r.ratioAtEnd());
            }
        }
    }
}
