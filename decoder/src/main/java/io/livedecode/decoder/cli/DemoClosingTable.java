package io.livedecode.decoder.cli;

import io.livedecode.simulator.replay.ReplaySummary;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The table the demo prints when it ends: per variant, latency over the whole run and the last
 * 1,000 records, the first record's latency, the worst p99 of any 2 s of arrivals after the first
 * 10 s, and the prequential errors; then the start-up timeline (broker up, decoder ready, first
 * decoded frame) and the peak resident set.
 */
record DemoClosingTable(DecodedMonitor monitor, PrintStream out) {
    /** The start-up the per-window figure leaves out. */
    static final long SETTLE_NANOS = 10_000_000_000L;
    static final long WINDOW_NANOS = 2_000_000_000L;
    /** The per-window p99 the demo is expected to stay below. */
    static final double WINDOW_LIMIT_MILLIS = 50;

    /**
     * @param begin    System.nanoTime() when the demo started
     * @param brokerUp System.nanoTime() when the broker answered
     * @param ready    System.nanoTime() when the decoder reported ready
     */
    void print(ReplaySummary sent, long expected, long begin, long brokerUp, long ready, double peakRss) {
        out.println();
        out.println("latency: acquisition to arrival at a downstream consumer; error: prequential, degrees");
        out.println("variant      records  latency p50/p99 ms (all)  (last 1000)  first ms  worst 2 s p99 after 10 s"
                + "  median error (all)  (last 500)  model version");
        monitor.read(figures -> {
            figures.forEach((variant, f) -> {
                double[] worst = f.worstWindowP99(begin + SETTLE_NANOS, WINDOW_NANOS, WINDOW_LIMIT_MILLIS);
                String window = Double.isNaN(worst[0]) ? "n/a" : String.format(Locale.ROOT, "%.2f at %.0f s, %d over %.0f",
                        worst[0], (worst[1] - begin) / 1e9, (int) worst[2], WINDOW_LIMIT_MILLIS);
                out.printf(Locale.ROOT, "%-11s %8d %12.2f / %-9.2f %6.2f / %-7.2f %8.2f  %-24s %14.2f %11.2f %14d%n",
                        variant, f.records, f.latencyMillis(0.5, Integer.MAX_VALUE),
                        f.latencyMillis(0.99, Integer.MAX_VALUE), f.latencyMillis(0.5, 1000),
                        f.latencyMillis(0.99, 1000), f.firstLatencyNanos / 1e6, window,
                        f.medianError(Integer.MAX_VALUE), f.medianError(500), f.lastVersion);
            });
            return null;
        });
        long first = monitor.firstArrivalNanos();
        out.printf(Locale.ROOT, "%ndecoded records: %,d of %,d expected; broker up at %.2f s, decoder ready at %.2f s;"
                        + " time to first decoded frame %.2f s (%.2f s after the broker was up); total %.1f s;"
                        + " peak RSS %.0f MB%n", monitor.total(), expected, (brokerUp - begin) / 1e9, (ready - begin) / 1e9,
                first < 0 ? Double.NaN : (first - begin) / 1e9, first < 0 ? Double.NaN : (first - brokerUp) / 1e9,
                (System.nanoTime() - begin) / 1e9, peakRss);
    }
}
