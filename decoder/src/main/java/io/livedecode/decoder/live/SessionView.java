package io.livedecode.decoder.live;

import io.livedecode.protocol.RejectReason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the live page shows of one session, kept on the event loop: the angle chart's frames
 * (decimated), one strip point per second (frame rate, rejections, latency p50/p99, rolling
 * prequential error per variant), each variant's latest answer, and the session's health counts.
 * {@link #absorb} takes the frames a tick drained from the session's tape; {@link #write} renders
 * everything (a snapshot) or what changed since the last update.
 */
final class SessionView {

    /** Frames the angle chart holds: 10 s at 30 Hz, 100 s at a two-photon rig's 3 Hz. */
    static final int ANGLE_POINTS = 300;
    /** Frames one update adds to the angle chart at most (48 frames/s at four updates a second). */
    static final int FRAMES_PER_UPDATE = 12;
    /** Strip points kept: ten minutes at one a second. */
    static final int STRIP_POINTS = 600;
    /** Latencies kept between two strip points (all variants' records). */
    static final int LATENCY_SAMPLES = 4096;

    static final int T = 0;
    static final int FRAME = 1;
    static final int TRUTH = 2;
    static final int FPS = 1;
    static final int REJECTED = 2;
    static final int P50 = 3;
    static final int P99 = 4;

    private final String session;
    private final String[] variants;
    private final double period;
    private final PlotWindow angle;
    private final PlotWindow strip;
    private final SampleWindow[] errors;
    private final SampleWindow latencies = new SampleWindow(LATENCY_SAMPLES);
    private final long[] latestFrame;
    private final double[] latestDecoded;
    private final double[] latestTrue;
    private final double[] latestError;
    private final long[] latestVersion;
    private final double[] latestLatencyMillis;
    private final double[] drift;
    private final long[] driftChangedMillis;
    private final long[] rejected = new long[FrameBatch.REASONS];
    private final int[] accepted = new int[LiveFeed.TAPE_FRAMES];
    private final int[] picked = new int[FRAMES_PER_UPDATE];
    private FrameTape tape;
    private long cursor;
    private long frames;
    private long lastFrame = -1;
    private long missing;
    private long duplicates;
    private long notShown;
    private long framesSinceStrip;
    private long rejectedTotal;
    private long rejectedSinceStrip;
    private long lastStripMillis = -1;
    private long lastActivityMillis;
    private boolean changed;

    SessionView(String session, List<String> variantNames, double period, int errorWindow, long nowMillis) {
        this.session = session;
        this.variants = variantNames.toArray(String[]::new);
        this.period = period;
        int v = variants.length;
        angle = new PlotWindow(ANGLE_POINTS, new String[] {"t", "frame", "truth"}, decimals(3, new int[] {0, 0, 2}, v, 2),
                "decoded");
        strip = new PlotWindow(STRIP_POINTS, new String[] {"t", "fps", "rejected", "p50_ms", "p99_ms"},
                decimals(5, new int[] {0, 2, 2, 3, 3}, v, 3), "error");
        errors = new SampleWindow[v];
        for (int i = 0; i < v; i++) {
            errors[i] = new SampleWindow(errorWindow);
        }
        latestFrame = new long[v];
        Arrays.fill(latestFrame, -1);
        latestDecoded = nan(v);
        latestTrue = nan(v);
        latestError = nan(v);
        latestVersion = new long[v];
        latestLatencyMillis = nan(v);
        drift = new double[v];
        driftChangedMillis = new long[v];
        lastActivityMillis = nowMillis;
    }

    String session() {
        return session;
    }

    /** Reads the frames {@code tape} closed since the last call (a new tape starts from its beginning). */
    void drain(FrameTape from, FrameBatch batch, long nowMillis) {
        if (from != tape) {
            tape = from;
            cursor = 0;
        }
        from.drainInto(cursor, batch);
        absorb(batch, nowMillis);
    }

    /** Lets the feed drop this session's tape, when the session has been idle for long. */
    void forgetTape(LiveFeed feed) {
        if (tape != null) {
            feed.forget(tape);
        }
    }

    /** Takes one drained batch: counts, windows, latest answers, and the decimated points for the chart. */
    void absorb(FrameBatch b, long nowMillis) {
        cursor = b.cursor;
        notShown += b.overwritten;
        long rejectedNow = 0;
        for (int r = 0; r < rejected.length; r++) {
            rejectedNow += b.rejectedTotal[r];
        }
        if (rejectedNow > rejectedTotal) {
            rejectedSinceStrip += rejectedNow - rejectedTotal;
            rejectedTotal = rejectedNow;
            System.arraycopy(b.rejectedTotal, 0, rejected, 0, rejected.length);
            changed = true;
            lastActivityMillis = nowMillis;
        }
        int n = 0;
        for (int row = 0; row < b.size; row++) {
            if (accept(b, row)) {
                accepted[n++] = row;
            }
        }
        if (n == 0) {
            return;
        }
        changed = true;
        lastActivityMillis = nowMillis;
        int keep = Decimator.pick(n, FRAMES_PER_UPDATE, picked);
        for (int i = 0; i < keep; i++) {
            plot(b, accepted[picked[i]]);
        }
    }

    private boolean accept(FrameBatch b, int row) {
        long f = b.frame[row];
        if (lastFrame >= 0 && f <= lastFrame) {
            // At-least-once delivery repeats frames after a rebalance; they were shown already.
            duplicates++;
            return false;
        }
        if (lastFrame >= 0 && f > lastFrame + 1) {
            missing += f - lastFrame - 1;
        }
        lastFrame = f;
        frames++;
        framesSinceStrip++;
        for (int v = 0; v < variants.length; v++) {
            int cell = row * variants.length + v;
            if (Double.isNaN(b.decodedDegrees[cell])) {
                continue;
            }
            double error = b.errorDegrees[cell];
            if (!Double.isNaN(error)) {
                errors[v].add(error);
            }
            double latency = (b.decodedNanos[cell] - b.acquiredNanos[row]) / 1e6;
            latencies.add(latency);
            latestFrame[v] = f;
            latestDecoded[v] = b.decodedDegrees[cell];
            latestTrue[v] = b.trueDegrees[row];
            latestError[v] = error;
            latestVersion[v] = b.modelVersion[cell];
            latestLatencyMillis[v] = latency;
        }
        return true;
    }

    private void plot(FrameBatch b, int row) {
        // uPlot needs x ascending; a rig clock stepping back must not break the chart.
        double previous = angle.size() == 0 ? Double.NEGATIVE_INFINITY : angle.last(T);
        double t = Math.max(b.acquiredNanos[row] / 1e6, previous);
        int slot = angle.append();
        angle.set(slot, T, t);
        angle.set(slot, FRAME, b.frame[row]);
        double truth = b.trueDegrees[row];
        angle.set(slot, TRUTH, CircularPlot.truth(truth, period));
        for (int v = 0; v < variants.length; v++) {
            double d = b.decodedDegrees[row * variants.length + v];
            angle.set(slot, TRUTH + 1 + v, CircularPlot.decoded(d, truth, period));
        }
    }

    /**
     * Adds the strip point of the second that just ended; {@code driftAlarms} maps variant to
     * alarm count (absent: none).
     */
    void strip(long nowMillis, Map<String, Double> driftAlarms) {
        if (lastStripMillis < 0) {
            lastStripMillis = nowMillis;
            return;
        }
        double seconds = Math.max(1e-3, (nowMillis - lastStripMillis) / 1000.0);
        int slot = strip.append();
        strip.set(slot, T, nowMillis);
        strip.set(slot, FPS, framesSinceStrip / seconds);
        strip.set(slot, REJECTED, rejectedSinceStrip / seconds);
        strip.set(slot, P50, latencies.quantile(0.5));
        strip.set(slot, P99, latencies.quantile(0.99));
        for (int v = 0; v < variants.length; v++) {
            strip.set(slot, P99 + 1 + v, errors[v].median());
            double alarms = driftAlarms == null ? 0 : driftAlarms.getOrDefault(variants[v], 0.0);
            if (alarms != drift[v]) {
                drift[v] = alarms;
                driftChangedMillis[v] = nowMillis;
            }
        }
        latencies.clear();
        framesSinceStrip = 0;
        rejectedSinceStrip = 0;
        lastStripMillis = nowMillis;
        changed = true;
    }

    /** Frames per second over the last strip second; 0 before the first. */
    double framesPerSecond() {
        double fps = strip.last(FPS);
        return Double.isNaN(fps) ? 0 : fps;
    }

    long frames() {
        return frames;
    }

    long lastActivityMillis() {
        return lastActivityMillis;
    }

    /** True when an update would carry something new. */
    boolean changed() {
        return changed;
    }

    /** The last update has been built: later updates carry only what comes after. */
    void markSent() {
        angle.markSent();
        strip.markSent();
        changed = false;
    }

    /** Writes this session's fields into an open JSON object: all of it, or what changed since {@link #markSent}. */
    void write(JsonOut out, boolean whole) {
        if (whole) {
            out.name("period").value(period, 6);
            out.name("variants").beginArray();
            for (String v : variants) {
                out.value(v);
            }
            out.endArray();
            out.name("max_points").beginObject().name("angle").value(ANGLE_POINTS).name("strip").value(STRIP_POINTS)
                    .endObject();
        }
        out.name("angle");
        angle.write(out, whole);
        out.name("strip");
        strip.write(out, whole);
        out.name("latest").beginArray();
        for (int v = 0; v < variants.length; v++) {
            out.beginObject().name("variant").value(variants[v]).name("frame").value(latestFrame[v])
                    .name("decoded").exact(latestDecoded[v]).name("truth").exact(latestTrue[v])
                    .name("error").exact(latestError[v]).name("version").value(latestVersion[v])
                    .name("latency_ms").value(latestLatencyMillis[v], 3)
                    .name("rolling_error").value(errors[v].median(), 3)
                    .name("drift_alarms").value(drift[v], 0).name("drift_changed_ms").value(driftChangedMillis[v])
                    .endObject();
        }
        out.endArray();
        out.name("health").beginObject().name("frames").value(frames).name("missing").value(missing)
                .name("duplicates").value(duplicates).name("not_shown").value(notShown)
                .name("rejected").beginObject();
        for (RejectReason reason : RejectReason.values()) {
            if (rejected[reason.ordinal()] > 0) {
                out.name(reason.code()).value(rejected[reason.ordinal()]);
            }
        }
        out.endObject().endObject();
    }

    private static int[] decimals(int leading, int[] leadingDecimals, int variants, int variantDecimals) {
        int[] all = Arrays.copyOf(leadingDecimals, leading + variants);
        Arrays.fill(all, leading, leading + variants, variantDecimals);
        return all;
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
