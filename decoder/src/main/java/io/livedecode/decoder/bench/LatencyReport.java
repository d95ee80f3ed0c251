package io.livedecode.decoder.bench;

import static io.livedecode.decoder.bench.ArrivalRecorder.quantileMillis;

import io.livedecode.decoder.metrics.Stage;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** Prints the latency benchmark's tables: the three paths, then the stage breakdown and the slowest frames. */
final class LatencyReport {

    private static final int SLOWEST = 5;
    /** A frame slower than this counts as a spike in the cause summary. */
    private static final long SPIKE_NANOS = 25_000_000;

    private final PrintStream out;
    private final List<String> variants;

    LatencyReport(PrintStream out, List<String> variants) {
        this.out = out;
        this.variants = variants;
    }

    void print(List<LatencyBenchmark.Result> results) {
        for (LatencyBenchmark.Result r : results) {
            out.println();
            out.printf(Locale.ROOT, "== %s, variants %s; mean record bytes: frame %.0f, pass-through %.0f, decoded %.0f%n",
                    r.mode(), String.join(",", variants), r.bare().meanBytes(), r.pass().meanBytes(),
                    r.decoded().meanBytes());
            long[] bare = r.bare().latencies();
            long[] pass = r.pass().latencies();
            long[] dec = r.decoded().latencies();
            out.println("path                       frames    p50 ms    p99 ms    max ms");
            path("bare Kafka, one hop", bare);
            path("pass-through (no model)", pass);
            path("decoded", dec);
            out.printf(Locale.ROOT, "%-24s %8s %9.2f %9.2f%n", "decoded - pass-through", "",
                    quantileMillis(dec, 0.5) - quantileMillis(pass, 0.5), quantileMillis(dec, 0.99) - quantileMillis(pass, 0.99));
            out.printf(Locale.ROOT, "%-24s %8s %9.2f %9.2f%n", "pass-through / 2 x bare", "",
                    quantileMillis(pass, 0.5) / (2 * quantileMillis(bare, 0.5)),
                    quantileMillis(pass, 0.99) / (2 * quantileMillis(bare, 0.99)));
            stages(r);
            loopWork(r);
            slowest(r);
        }
    }

    private void path(String name, long[] latencies) {
        out.printf(Locale.ROOT, "%-24s %8d %9.2f %9.2f %9.2f%n", name, latencies.length, quantileMillis(latencies, 0.5),
                quantileMillis(latencies, 0.99), quantileMillis(latencies, 1.0));
    }

    private void stages(LatencyBenchmark.Result r) {
        out.println("stage (service timestamps)     pass p50  pass p99   dec p50   dec p99 (ms)");
        StageSamples.Window p = r.passStages();
        StageSamples.Window d = r.decodedStages();
        stage("poll wait", p, d, (w, i) -> w.pollWait()[i]);
        stage("validate", p, d, (w, i) -> w.validate()[i]);
        for (int v = 0; v < variants.size(); v++) {
            int slot = v;
            stage("predict " + variants.get(v), p, d, (w, i) -> w.predict()[slot][i]);
        }
        stage("serialise", p, d, (w, i) -> w.serialise()[i]);
        stage("send", p, d, (w, i) -> w.send()[i]);
        stage("second hop", p, d, (w, i) -> secondHop(w, i, w == p ? r.pass() : r.decoded()));
        stage("ack wait (before learning)", p, d, (w, i) -> w.ackWait()[i]);
        for (int v = 0; v < variants.size(); v++) {
            int slot = v;
            stage("learn " + variants.get(v) + " (after send)", p, d, (w, i) -> w.learn()[slot][i]);
        }
    }

    private interface Field {
        long of(StageSamples.Window w, int i);
    }

    private void stage(String name, StageSamples.Window p, StageSamples.Window d, Field f) {
        long[] a = values(p, f);
        long[] b = values(d, f);
        out.printf(Locale.ROOT, "%-30s %9.3f %9.3f %9.3f %9.3f%n", name, quantileMillis(a, 0.5), quantileMillis(a, 0.99),
                quantileMillis(b, 0.5), quantileMillis(b, 0.99));
    }

    /** The field for every frame the service timed and the recorder saw arrive. */
    private static long[] values(StageSamples.Window w, Field f) {
        return IntStream.range(0, w.sent().length).filter(i -> w.sent()[i] != 0).mapToLong(i -> f.of(w, i))
                .filter(x -> x != Long.MIN_VALUE).toArray();
    }

    /** Last record handed to the producer to the last record's arrival at the consumer. */
    private static long secondHop(StageSamples.Window w, int i, ArrivalRecorder.Arrivals a) {
        long arrival = a.arrival()[i];
        return arrival == 0 ? Long.MIN_VALUE : arrival - w.sent()[i];
    }

    private void loopWork(LatencyBenchmark.Result r) {
        for (Stage s : List.of(Stage.SNAPSHOT, Stage.COMMIT)) {
            long[] ns = r.decodedStages().work().stream().filter(w -> w.stage() == s)
                    .mapToLong(StageSamples.Work::nanos).toArray();
            out.printf(Locale.ROOT, "decoder loop work, %-9s %4d times, p50 %.2f ms, max %.2f ms%n", s.code() + ":",
                    ns.length, quantileMillis(ns, 0.5), quantileMillis(ns, 1.0));
        }
        List<GcEvents.Gc> pauses = r.gcs().stream().filter(GcEvents.Gc::pause).toList();
        out.printf(Locale.ROOT, "GC pauses during the mode (whole JVM): %d, total %d ms, max %d ms; concurrent cycles %d%n",
                pauses.size(), pauses.stream().mapToLong(GcEvents.Gc::durationMillis).sum(),
                pauses.stream().mapToLong(GcEvents.Gc::durationMillis).max().orElse(0),
                r.gcs().size() - pauses.size());
    }

    /** The slowest decoded frames, each with its stages and the loop work or GC pause that overlapped it. */
    private void slowest(LatencyBenchmark.Result r) {
        ArrivalRecorder.Arrivals a = r.decoded();
        StageSamples.Window w = r.decodedStages();
        Integer[] order = IntStream.range(0, a.arrival().length).filter(i -> a.arrival()[i] != 0).boxed()
                .toArray(Integer[]::new);
        Arrays.sort(order, (x, y) -> Long.compare(lat(a, y), lat(a, x)));
        spikes(r, order);
        out.println("slowest decoded frames (ms): latency = poll wait + validate + predict + serialise + send + second hop;"
                + " overlapping");
        for (int k = 0; k < Math.min(SLOWEST, order.length); k++) {
            int i = order[k];
            long predict = 0;
            for (long[] v : w.predict()) {
                predict += v[i];
            }
            long from = a.acquired()[i];
            long to = a.arrival()[i];
            StringBuilder overlap = new StringBuilder();
            for (StageSamples.Work work : w.work()) {
                if (work.endEpochNanos() - work.nanos() < to && work.endEpochNanos() > from) {
                    overlap.append(String.format(Locale.ROOT, " %s %.1f", work.stage().code(), work.nanos() / 1e6));
                }
            }
            for (GcEvents.Gc gc : r.gcs()) {
                long end = gc.endEpochMillis() * 1_000_000;
                if (gc.pause() && end - gc.durationMillis() * 1_000_000 < to + 1_000_000 && end + 1_000_000 > from) {
                    overlap.append(String.format(Locale.ROOT, " gc-pause %d (%s)", gc.durationMillis(), gc.cause()));
                }
            }
            out.printf(Locale.ROOT, "  #%d %.2f = %.2f + %.3f + %.2f + %.3f + %.3f + %s;%s%n", a.first() + i,
                    lat(a, i) / 1e6, w.pollWait()[i] / 1e6, w.validate()[i] / 1e6, predict / 1e6, w.serialise()[i] / 1e6,
                    w.send()[i] / 1e6, w.sent()[i] == 0 ? "?" : String.format(Locale.ROOT, "%.2f",
                            (a.arrival()[i] - w.sent()[i]) / 1e6), overlap.length() == 0 ? " none" : overlap);
        }
    }

    /** How many frames above {@link #SPIKE_NANOS} overlapped a snapshot serialisation, a GC pause, both or neither. */
    private void spikes(LatencyBenchmark.Result r, Integer[] slowestFirst) {
        ArrivalRecorder.Arrivals a = r.decoded();
        int snapshot = 0;
        int gc = 0;
        int both = 0;
        int neither = 0;
        for (int i : slowestFirst) {
            if (lat(a, i) <= SPIKE_NANOS) {
                break;
            }
            long from = a.acquired()[i];
            long to = a.arrival()[i];
            boolean s = r.decodedStages().work().stream().anyMatch(w -> w.stage() == Stage.SNAPSHOT
                    && w.endEpochNanos() - w.nanos() < to && w.endEpochNanos() > from);
            boolean g = r.gcs().stream().anyMatch(x -> x.pause() && (x.endEpochMillis() - x.durationMillis() - 1) * 1_000_000 < to
                    && (x.endEpochMillis() + 1) * 1_000_000 > from);
            if (s && g) {
                both++;
            } else if (s) {
                snapshot++;
            } else if (g) {
                gc++;
            } else {
                neither++;
            }
        }
        out.printf(Locale.ROOT, "decoded frames over %d ms: %d; overlapping a snapshot serialisation only %d, a GC pause"
                + " only %d, both %d, neither %d%n", SPIKE_NANOS / 1_000_000, snapshot + gc + both + neither, snapshot, gc,
                both, neither);
    }

    private static long lat(ArrivalRecorder.Arrivals a, int i) {
        return a.arrival()[i] - a.acquired()[i];
    }
}
