package io.livedecode.decoder.bench;

import static io.livedecode.decoder.bench.ArrivalRecorder.quantileMillis;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Prints the soak's windows and its closing comparison of the last window with the second. */
final class SoakReport {

    /** The check a long session must pass: the last window within this factor of the second. */
    static final double FLAT = 1.2;

    private final PrintStream out;

    SoakReport(PrintStream out) {
        this.out = out;
    }

    void header() {
        out.println("window  end min  frames  heap after GC MB  RSS MB  latency p50 ms  p99 ms  processing p50 ms  p99 ms"
                + "  GC pauses  max pause ms  broker RSS MB");
    }

    void window(SoakBenchmark.Window w, Duration length) {
        long maxPause = w.gcs().stream().filter(GcEvents.Gc::pause).mapToLong(GcEvents.Gc::durationMillis).max().orElse(0);
        long pauses = w.gcs().stream().filter(GcEvents.Gc::pause).count();
        out.printf(Locale.ROOT, "%6d %8.2f %7d %17.1f %7.1f %15.2f %7.2f %18.3f %7.3f %10d %13d %14s%n", w.number(),
                w.number() * length.toMillis() / 60_000.0, w.frames(), w.heapAfterGcBytes() / 1e6, w.rssBytes() / 1e6,
                quantileMillis(w.latencies(), 0.5), quantileMillis(w.latencies(), 0.99),
                quantileMillis(w.processing(), 0.5), quantileMillis(w.processing(), 0.99), pauses, maxPause,
                w.brokerRssBytes() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", w.brokerRssBytes() / 1e6));
    }

    void closing(List<SoakBenchmark.Window> windows) {
        if (windows.size() < 2) {
            out.println("last vs second window: fewer than two windows, nothing to compare");
            return;
        }
        SoakBenchmark.Window second = windows.get(1);
        SoakBenchmark.Window last = windows.getLast();
        double heap = (double) last.heapAfterGcBytes() / second.heapAfterGcBytes();
        double rss = (double) last.rssBytes() / second.rssBytes();
        double p99 = quantileMillis(last.latencies(), 0.99) / quantileMillis(second.latencies(), 0.99);
        double proc = quantileMillis(last.processing(), 0.99) / quantileMillis(second.processing(), 0.99);
        boolean flat = heap <= FLAT && rss <= FLAT && p99 <= FLAT;
        out.printf(Locale.ROOT, "last vs second window: heap after GC %.2fx, RSS %.2fx, latency p99 %.2fx,"
                        + " processing p99 %.2fx: %s%n", heap, rss, p99, proc,
                flat ? "flat (heap, RSS and p99 within " + FLAT + "x)" : "NOT flat (limit " + FLAT + "x)");
    }
}
