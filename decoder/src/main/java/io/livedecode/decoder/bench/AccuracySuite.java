package io.livedecode.decoder.bench;

import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.StepResult;
import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationSuite;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * The accuracy benchmark over the population suite: on each population every online variant makes
 * one prequential pass (all variants step on each frame as it is generated), and ridge is fitted on
 * the same first N frames at each checkpoint. See {@link LearningCurve} for what "after N" means.
 */
public final class AccuracySuite {

    /**
     * @param checkpoints labelled-frame counts to report, ascending
     * @param window      frames per median (centred on each checkpoint; trailing for the rolling median)
     * @param ridgeFrames frames after each checkpoint the ridge fit is scored on
     * @param competence  frames-to-competence counts frames until the rolling median stays within
     *                    this factor of ridge trained on as many frames (see {@link #ridgeAt})
     */
    public record Settings(int[] checkpoints, int window, int ridgeFrames, double competence) {
        public static Settings defaults() {
            return new Settings(new int[] {300, 1000, 3000}, 200, 500, 1.25);
        }

        /** Frames a population needs for every figure: the last ridge evaluation ends there. */
        int framesNeeded() {
            return checkpoints[checkpoints.length - 1] + Math.max(ridgeFrames, window / 2);
        }
    }

    /** One variant on one population. */
    public record VariantResult(String variant, int replays, double[] after, int competenceFrames, long driftAlarms,
                                double millisPerFrame) {
    }

    /** One population: its ridge references and every variant's figures. */
    public record PopulationResult(PopulationSuite.Member member, int neurons, int frames,
                                   List<RidgeReference.Result> ridge, List<VariantResult> variants) {
        double ridgeAt(int checkpoint) {
            return ridge.get(checkpoint).errorDegrees();
        }
    }

    private final Settings settings;
    private final PrintStream progress;

    public AccuracySuite(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs one population.
     *
     * @param source   the population (its own size or a smaller probe)
     * @param variants decoder configurations by name, built for this population's period
     */
    public PopulationResult run(PopulationSuite.Member member, TrialSource source, Map<String, DecoderConfig> variants) {
        int frames = settings.framesNeeded();
        if (source.trials() < frames) {
            throw new IllegalArgumentException(String.format("population %s has %d trials; the benchmark needs %d",
                    member.name(), source.trials(), frames));
        }
        List<RidgeReference.Result> ridge = new ArrayList<>();
        for (int n : settings.checkpoints()) {
            RidgeReference.Result r = RidgeReference.after(source, n, settings.ridgeFrames(), member.periodDegrees());
            progress.printf("  %s: ridge after %,d frames: %.2f deg (%s, %.1f s)%n", member.name(), n,
                    r.errorDegrees(), r.choice(), r.seconds());
            ridge.add(r);
        }
        Map<String, OnlineDecoder> decoders = new LinkedHashMap<>();
        variants.forEach((name, config) -> decoders.put(name, new OnlineDecoder(config, source.neurons())));
        Map<String, double[]> errors = new LinkedHashMap<>();
        Map<String, long[]> nanos = new LinkedHashMap<>();
        decoders.keySet().forEach(name -> {
            errors.put(name, new double[frames]);
            nanos.put(name, new long[1]);
        });
        StepResult result = new StepResult();
        long start = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            Trial t = source.trial(i);
            for (Map.Entry<String, OnlineDecoder> e : decoders.entrySet()) {
                long s = System.nanoTime();
                e.getValue().step(t.responses(), t.stimulusDegrees(), result);
                nanos.get(e.getKey())[0] += System.nanoTime() - s;
                errors.get(e.getKey())[i] = result.errorDegrees();
            }
            if ((i + 1) % 500 == 0 || i + 1 == frames) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                progress.printf("  %s: %,d/%,d frames, %.0f s, about %.0f s to go%n", member.name(), i + 1, frames,
                        elapsed, elapsed / (i + 1) * (frames - i - 1));
            }
        }
        List<VariantResult> out = new ArrayList<>();
        decoders.forEach((name, decoder) -> {
            LearningCurve curve = new LearningCurve(errors.get(name), settings.window());
            double[] after = new double[settings.checkpoints().length];
            for (int c = 0; c < after.length; c++) {
                after[c] = curve.after(settings.checkpoints()[c]);
            }
            out.add(new VariantResult(name, decoder.replays(), after, curve.framesUntilWithin(t -> settings.competence() * ridgeAt(ridge, t)),
                    decoder.stats().driftAlarms(), nanos.get(name)[0] / 1e6 / frames));
        });
        return new PopulationResult(member, source.neurons(), frames, ridge, out);
    }

    /**
     * Ridge's error after {@code t} training frames, interpolated linearly in log(frames) between
     * the checkpoints (the first checkpoint's below it, the last one's above it): the reference
     * frames-to-competence compares the rolling median at {@code t} with.
     */
    static double ridgeAt(List<RidgeReference.Result> ridge, double t) {
        RidgeReference.Result first = ridge.getFirst();
        if (t <= first.trainingFrames()) {
            return first.errorDegrees();
        }
        for (int i = 1; i < ridge.size(); i++) {
            RidgeReference.Result a = ridge.get(i - 1);
            RidgeReference.Result b = ridge.get(i);
            if (t <= b.trainingFrames()) {
                double f = Math.log(t / a.trainingFrames()) / Math.log((double) b.trainingFrames() / a.trainingFrames());
                return a.errorDegrees() + f * (b.errorDegrees() - a.errorDegrees());
            }
        }
        return ridge.getLast().errorDegrees();
    }

    /** The table of one population. */
    public void print(PopulationResult p, PrintStream out) {
        int[] cp = settings.checkpoints();
        out.printf("%n%s: %,d neurons, %,d frames, period %.0f%s - %s%n", p.member().name(), p.neurons(), p.frames(),
                p.member().periodDegrees(), p.member().tuning() ? ", tuned on" : ", held out", p.member().summary());
        StringBuilder header = new StringBuilder(String.format("%-22s", "decoder"));
        for (int n : cp) {
            header.append(String.format(" %9s %6s", "after " + compact(n), "x ridge"));
        }
        header.append(String.format(" %11s %7s %8s", "competence", "alarms", "ms/frame"));
        out.println(header);
        StringBuilder ridgeRow = new StringBuilder(String.format("%-22s", "ridge (offline)"));
        for (int c = 0; c < cp.length; c++) {
            ridgeRow.append(String.format(" %9.2f %6.2f", p.ridgeAt(c), 1.0));
        }
        out.println(ridgeRow);
        for (VariantResult v : p.variants()) {
            StringBuilder row = new StringBuilder(String.format("%-22s", v.variant()));
            for (int c = 0; c < cp.length; c++) {
                row.append(String.format(" %9.2f %6.2f", v.after()[c], v.after()[c] / p.ridgeAt(c)));
            }
            row.append(String.format(" %11s %7d %8.2f", v.competenceFrames() < 0 ? "never" : String.format("%,d", v.competenceFrames()),
                    v.driftAlarms(), v.millisPerFrame()));
            out.println(row);
        }
    }

    private static String compact(int n) {
        return n % 1000 == 0 ? n / 1000 + "k" : Integer.toString(n);
    }

    /**
     * Runs the named populations with the variants built for each one's period, printing each
     * population's table as soon as it is done.
     *
     * @param cap     0, or the most neurons any population gets (its own count if smaller)
     * @param neurons 0, or the neuron count every population gets (overrides the cap)
     */
    public List<PopulationResult> runAll(List<String> populations, int cap, int neurons,
                                         DoubleFunction<Map<String, DecoderConfig>> variantsForPeriod, PrintStream out) {
        List<PopulationResult> results = new ArrayList<>();
        for (String name : populations) {
            PopulationSuite.Member member = PopulationSuite.member(name);
            int n = neurons > 0 ? neurons : cap > 0 ? Math.min(cap, member.neurons()) : member.neurons();
            progress.printf("population %s (%,d neurons) ...%n", name, n);
            PopulationResult r = run(member, member.open(n), variantsForPeriod.apply(member.periodDegrees()));
            print(r, out);
            out.flush();
            results.add(r);
        }
        return results;
    }
}
