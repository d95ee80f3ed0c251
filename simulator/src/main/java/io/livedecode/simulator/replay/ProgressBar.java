package io.livedecode.simulator.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows replay progress: a redrawn bar with rate and ETA on a terminal, or a plain line every
 * ten percent (and at most every few seconds) when output goes to a file or a pipe.
 */
public final class ProgressBar implements ReplayProgress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long PLAIN_MIN_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long lastDraw = Long.MIN_VALUE / 2;
    private int lastDecile = -1;

    public ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A bar on standard error, redrawn in place when it is a terminal. */
    public static ProgressBar onStandardError() {
        return new ProgressBar(System.err, System.console() != null && System.console().isTerminal());
    }

    @Override
    public void sent(long frames, long total, long bytes, long elapsedNanos) {
        boolean last = frames == total;
        if (terminal) {
            if (last || elapsedNanos - lastDraw >= REDRAW_NANOS) {
                lastDraw = elapsedNanos;
                out.print("\r" + line(frames, total, elapsedNanos, true));
                out.flush();
            }
            return;
        }
        int decile = total == Long.MAX_VALUE ? (int) (elapsedNanos / PLAIN_MIN_NANOS)
                : (int) (frames * 10 / Math.max(1, total));
        if (decile != lastDecile && (last || elapsedNanos - lastDraw >= PLAIN_MIN_NANOS || decile == 0)) {
            lastDecile = decile;
            lastDraw = elapsedNanos;
            out.println(line(frames, total, elapsedNanos, false));
        }
    }

    @Override
    public void finished(ReplaySummary summary) {
        if (terminal) {
            out.println();
        }
        out.println(summary);
    }

    static String line(long frames, long total, long elapsedNanos, boolean bar) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? frames / seconds : 0;
        if (total == Long.MAX_VALUE) {
            return String.format(Locale.ROOT, "%,d frames  %.1f frames/s  (looping until stopped)", frames, rate);
        }
        String eta = rate > 0 ? duration((total - frames) / rate) : "--";
        String prefix = "";
        if (bar) {
            int filled = (int) (WIDTH * frames / Math.max(1, total));
            prefix = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] ";
        }
        return String.format(Locale.ROOT, "%s%,d/%,d frames (%3.0f%%)  %.1f frames/s  ETA %s", prefix, frames, total,
                100.0 * frames / Math.max(1, total), rate, eta);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
