package io.livedecode.decoder.bench;

import io.livedecode.decoder.metrics.Stage;
import io.livedecode.decoder.service.FrameTimings;
import io.livedecode.decoder.service.StageListener;
import io.livedecode.protocol.EpochNanos;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the service's per-frame stage timings of one window of frame indices, and the loop work
 * (snapshots, commits) done while the window is armed, for the latency benchmark's breakdown.
 */
final class StageSamples implements StageListener {

    /** Loop work that ended at {@code endEpochNanos} and took {@code nanos}. */
    record Work(Stage stage, long endEpochNanos, long nanos) {
    }

    private long first = -1;
    private int count;
    private long[] pollWait;
    private long[] validate;
    private long[] serialise;
    private long[] send;
    private long[] sent;
    private long[] ackWait;
    private long[][] predict;
    private long[][] learn;
    private String[] variants = new String[0];
    private final List<Work> work = new ArrayList<>();

    /** Starts keeping frames {@code first .. first + count - 1} of a session with {@code variantCount} variants. */
    synchronized void arm(long firstIndex, int frames, int variantCount) {
        first = firstIndex;
        count = frames;
        pollWait = new long[frames];
        validate = new long[frames];
        serialise = new long[frames];
        send = new long[frames];
        sent = new long[frames];
        ackWait = new long[frames];
        predict = new long[variantCount][frames];
        learn = new long[variantCount][frames];
        variants = new String[variantCount];
        work.clear();
    }

    @Override
    public synchronized void frame(FrameTimings t) {
        int i = (int) (t.frameIndex() - first);
        if (first < 0 || i < 0 || i >= count) {
            return;
        }
        pollWait[i] = t.pollWait();
        validate[i] = t.validate();
        serialise[i] = t.serialise();
        send[i] = t.send();
        sent[i] = t.sentEpochNanos();
        ackWait[i] = t.ackWait();
        for (int v = 0; v < Math.min(variants.length, t.variantCount()); v++) {
            variants[v] = t.variant(v);
            predict[v][i] = t.predict(v);
            learn[v][i] = t.learn(v);
        }
    }

    @Override
    public synchronized void loopWork(Stage stage, long nanos) {
        if (first >= 0) {
            work.add(new Work(stage, EpochNanos.now(), nanos));
        }
    }

    /** A copy of what the window holds: frames whose timings never came have {@code sent == 0}. */
    synchronized Window window() {
        return new Window(first, variants.clone(), pollWait.clone(), validate.clone(), deep(predict),
                serialise.clone(), send.clone(), ackWait.clone(), deep(learn), sent.clone(), List.copyOf(work));
    }

    /** One window's timings, indexed by frame index minus {@code first}. */
    record Window(long first, String[] variants, long[] pollWait, long[] validate, long[][] predict,
                  long[] serialise, long[] send, long[] ackWait, long[][] learn, long[] sent, List<Work> work) {
    }

    private static long[][] deep(long[][] a) {
        long[][] c = new long[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
