package io.livedecode.decoder.cli;

import io.livedecode.decoder.metrics.Stage;
import io.livedecode.decoder.service.FrameTimings;
import io.livedecode.decoder.service.StageListener;
import io.livedecode.protocol.EpochNanos;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's start-up breakdown ({@code demo --stages}): the service's own timings of every frame of the
 * replayed session, beside each frame's acquisition and the arrival of its last record at the demo's
 * monitor, printed per phase of the run (the first 2 s, up to 10 s, the rest), so the closing table's
 * whole-run tail can be traced to the stage that made it.
 */
final class DemoStages implements StageListener {

    /** Phase boundaries, seconds after the first frame's acquisition. */
    private static final double[] PHASES = {0, 2, 10, Double.POSITIVE_INFINITY};

    private static final int SLOWEST = 4;
    private static final int STAGE_WORK_KEPT = 100_000;

    private final String session;
    private final int capacity;
    private final List<String> variants;
    private final long[] pollWait;
    private final long[] validate;
    private final long[] serialise;
    private final long[] send;
    private final long[] sentEpoch;
    private final long[] ackWait;
    private final long[][] predict;
    private final long[][] learn;
    private final long[] acquired;
    private final long[] lastArrival;
    private final int[] arrivals;

    /** Keeps frames 0 .. {@code capacity - 1} of {@code session}, decoded by {@code variants}. */
    DemoStages(String session, int capacity, List<String> variants) {
        this.session = session;
        this.capacity = capacity;
        this.variants = List.copyOf(variants);
        pollWait = new long[capacity];
        validate = new long[capacity];
        serialise = new long[capacity];
        send = new long[capacity];
        sentEpoch = new long[capacity];
        ackWait = new long[capacity];
        predict = new long[variants.size()][capacity];
        learn = new long[variants.size()][capacity];
        acquired = new long[capacity];
        lastArrival = new long[capacity];
        arrivals = new int[capacity];
    }

    @Override
    public synchronized void frame(FrameTimings t) {
        int i = slot(t.session(), t.frameIndex());
        if (i < 0) {
            return;
        }
        pollWait[i] = t.pollWait();
        validate[i] = t.validate();
        serialise[i] = t.serialise();
        send[i] = t.send();
        sentEpoch[i] = t.sentEpochNanos();
        ackWait[i] = t.ackWait();
        for (int v = 0; v < Math.min(variants.size(), t.variantCount()); v++) {
            int k = variants.indexOf(t.variant(v));
            if (k >= 0) {
                predict[k][i] = t.predict(v);
                learn[k][i] = t.learn(v);
            }
        }
    }

    /** Loop work between frames that ended at {@code endEpochNanos}. */
    private record Work(Stage stage, long endEpochNanos, long nanos) {
    }

    private final List<Work> work = new ArrayList<>();

    @Override
    public synchronized void loopWork(Stage stage, long nanos) {
        if (work.size() < STAGE_WORK_KEPT) {
            work.add(new Work(stage, EpochNanos.now(), nanos));
        }
    }

    /** One decoded record of frame {@code frameIndex} arrived at the monitor at {@code arrivalEpochNanos}. */
    synchronized void arrived(String sessionId, long frameIndex, long acquiredEpochNanos, long arrivalEpochNanos) {
        int i = slot(sessionId, frameIndex);
        if (i < 0) {
            return;
        }
        acquired[i] = acquiredEpochNanos;
        lastArrival[i] = Math.max(lastArrival[i], arrivalEpochNanos);
        arrivals[i]++;
    }

    private int slot(String sessionId, long frameIndex) {
        return session.equals(sessionId) && frameIndex >= 0 && frameIndex < capacity ? (int) frameIndex : -1;
    }

    /** Prints p50 / p99 / max of every stage per phase, over the frames whose every record arrived. */
    synchronized void print(PrintStream out) {
        long origin = Long.MAX_VALUE;
        for (int i = 0; i < capacity; i++) {
            if (complete(i)) {
                origin = Math.min(origin, acquired[i]);
            }
        }
        out.println();
        out.println("stages of the replayed session (service timestamps; ms p50 / p99 / max; phases by acquisition)");
        if (origin == Long.MAX_VALUE) {
            out.println("  no frame was answered by every variant");
            return;
        }
        List<String> header = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (int p = 0; p + 1 < PHASES.length; p++) {
            List<Integer> frames = phase(origin, PHASES[p], PHASES[p + 1]);
            header.add(String.format(Locale.ROOT, "%s (%d frames)", label(p), frames.size()));
            List<String> column = new ArrayList<>();
            column.add(figures(frames, i -> lastArrival[i] - acquired[i]));
            column.add(figures(frames, i -> pollWait[i]));
            column.add(figures(frames, i -> validate[i]));
            for (int v = 0; v < variants.size(); v++) {
                int k = v;
                column.add(figures(frames, i -> predict[k][i]));
            }
            column.add(figures(frames, i -> serialise[i]));
            column.add(figures(frames, i -> send[i]));
            column.add(figures(frames, i -> lastArrival[i] - sentEpoch[i]));
            column.add(figures(frames, i -> ackWait[i]));
            for (int v = 0; v < variants.size(); v++) {
                int k = v;
                column.add(figures(frames, i -> learn[k][i]));
            }
            rows.add(column);
        }
        List<String> names = new ArrayList<>(List.of("end to end", "poll wait", "validate"));
        variants.forEach(v -> names.add("predict " + v));
        names.addAll(List.of("serialise", "send", "second hop", "ack wait (before learning)"));
        variants.forEach(v -> names.add("learn " + v + " (after send)"));
        out.printf(Locale.ROOT, "  %-28s", "stage");
        header.forEach(h -> out.printf(Locale.ROOT, " %-26s", h));
        out.println();
        for (int s = 0; s < names.size(); s++) {
            out.printf(Locale.ROOT, "  %-28s", names.get(s));
            for (List<String> column : rows) {
                out.printf(Locale.ROOT, " %-26s", column.get(s));
            }
            out.println();
        }
        slowest(out, origin);
    }

    /** The slowest frames of each phase end to end, with when they were acquired and where their time went. */
    private void slowest(PrintStream out, long origin) {
        out.println("  slowest frames per phase: index, acquired at s, end to end / poll wait / second hop ms");
        for (int p = 0; p + 1 < PHASES.length; p++) {
            List<Integer> frames = phase(origin, PHASES[p], PHASES[p + 1]);
            frames.sort((a, b) -> Long.compare(lastArrival[b] - acquired[b], lastArrival[a] - acquired[a]));
            for (int i : frames.subList(0, Math.min(SLOWEST, frames.size()))) {
                out.printf(Locale.ROOT, "    %-10s %5d  %6.2f  %7.1f / %7.1f / %6.1f%n", label(p), i,
                        (acquired[i] - origin) / 1e9, (lastArrival[i] - acquired[i]) / 1e6, pollWait[i] / 1e6,
                        (lastArrival[i] - sentEpoch[i]) / 1e6);
            }
        }
        out.println("  loop work over 2 ms: stage, ended at s, ms");
        for (Work w : work) {
            if (w.nanos() > 2_000_000 && w.endEpochNanos() >= origin) {
                out.printf(Locale.ROOT, "    %-10s %6.2f  %6.1f%n", w.stage().code(), (w.endEpochNanos() - origin) / 1e9,
                        w.nanos() / 1e6);
            }
        }
    }

    private boolean complete(int i) {
        return arrivals[i] >= variants.size() && sentEpoch[i] > 0;
    }

    private List<Integer> phase(long origin, double fromSeconds, double toSeconds) {
        List<Integer> frames = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            double at = (acquired[i] - origin) / 1e9;
            if (complete(i) && at >= fromSeconds && at < toSeconds) {
                frames.add(i);
            }
        }
        return frames;
    }

    private static String label(int phase) {
        double to = PHASES[phase + 1];
        return Double.isInfinite(to) ? String.format(Locale.ROOT, "%.0f s on", PHASES[phase])
                : String.format(Locale.ROOT, "%.0f-%.0f s", PHASES[phase], to);
    }

    /** The closing table's quantile: the value at rank {@code q * n}. */
    private static long quantile(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, q * sorted.length)];
    }

    private interface Field {
        long of(int frame);
    }

    private static String figures(List<Integer> frames, Field field) {
        if (frames.isEmpty()) {
            return "-";
        }
        long[] v = frames.stream().mapToLong(field::of).sorted().toArray();
        return String.format(Locale.ROOT, "%.2f / %.2f / %.1f", quantile(v, 0.5) / 1e6, quantile(v, 0.99) / 1e6, v[v.length - 1] / 1e6);
    }
}
