package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.protocol.Label;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A session's side of the join survives its snapshot: saved to bytes and read back it is the same
 * queue, and a join rebuilt from such snapshots (re-reading labels from older offsets, an evicted
 * session coming back later) learns exactly what an uninterrupted one learns.
 */
class JoinStateTest {

    private final CountingListener listener = new CountingListener();
    private final List<String> counted = listener.counted;

    private LabelJoin join(int lag) {
        return new LabelJoin(lag, Duration.ofDays(1), () -> 0, listener);
    }

    private static LabelQueue.Saved viaBytes(LabelQueue.Saved saved) throws IOException {
        ByteBuffer out = ByteBuffer.allocate((int) JoinStateCodec.length(saved));
        JoinStateCodec.write(saved, out);
        assertEquals(out.capacity(), out.position(), "length() is the exact size");
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(out.array()));
        LabelQueue.Saved back = JoinStateCodec.read(in, variants(saved), neurons(saved));
        assertEquals(0, in.available());
        return back;
    }

    private static int variants(LabelQueue.Saved saved) {
        return saved.entries().isEmpty() ? 0 : saved.entries().getFirst().decoded.length;
    }

    private static int neurons(LabelQueue.Saved saved) {
        return saved.entries().stream().filter(e -> e.responses != null).mapToInt(e -> e.responses.length).findFirst()
                .orElse(0);
    }

    @Test
    void decodedAnglesFollowTheirVariantByNameWhenTheVariantsChangeSinceTheSnapshot() {
        LabelQueue q = new LabelQueue("s", 0, 4, 0);
        q.admit(10, 0, new float[3], 30, false, new double[] {1.5, 2.5}, 0, false);
        q.admit(11, 1, new float[3], Double.NaN, true, new double[] {3.5, 4.5}, 0, false);
        LabelQueue.Saved saved = q.save(0);
        LabelQueue.Saved same = saved.forVariants(List.of("linear", "relu200"), List.of("linear", "relu200"));
        assertTrue(same == saved, "unchanged variants: the state as saved");
        // relu200 moved first, linear removed, a new variant added.
        LabelQueue.Saved now = saved.forVariants(List.of("linear", "relu200"), List.of("relu200", "relu200-l2"));
        assertEquals(2, now.entries().size());
        assertEquals(List.of(2.5, Double.NaN), Arrays.stream(now.entries().get(0).decoded).boxed().toList());
        assertEquals(List.of(4.5, Double.NaN), Arrays.stream(now.entries().get(1).decoded).boxed().toList());
        assertEquals(LabelQueue.State.PENDING, now.entries().get(1).state);
        assertEquals(11, now.entries().get(1).offset);
    }

    @Test
    void aQueuedFrameThatDoesNotFitTheSnapshotIsRefused() {
        LabelQueue q = new LabelQueue("s", 0, 4, 0);
        q.admit(10, 0, new float[3], 30, false, new double[] {1.5, 2.5}, 0, false);
        q.admit(11, 1, new float[3], Double.NaN, false, new double[] {3.5, 4.5}, 0, false);
        LabelQueue.Saved saved = q.save(0);
        ByteBuffer out = ByteBuffer.allocate((int) JoinStateCodec.length(saved));
        JoinStateCodec.write(saved, out);
        byte[] bytes = out.array();
        IOException variants = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> JoinStateCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), 3, 3));
        assertTrue(variants.getMessage().contains("2 decoded angles, the snapshot 3 variants"), variants.getMessage());
        IOException neurons = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> JoinStateCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), 2, 4));
        assertTrue(neurons.getMessage().contains("3 responses, the session 4 neurons"), neurons.getMessage());
        // The first entry (known label) claims -2 responses: damaged, not "none".
        int countAt = 5 * 8 + 4 + 4 + 4 + 3 * 8 + 2 + 8 + 4 + 2 * 8;
        byte[] damaged = bytes.clone();
        ByteBuffer.wrap(damaged).putInt(countAt, -2);
        IOException count = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> JoinStateCodec.read(new DataInputStream(new ByteArrayInputStream(damaged)), 2, 3));
        assertTrue(count.getMessage().contains("-2 responses"), count.getMessage());
        byte[] none = bytes.clone();
        ByteBuffer.wrap(none).putInt(countAt, -1);
        IOException missing = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> JoinStateCodec.read(new DataInputStream(new ByteArrayInputStream(none)), 2, 3));
        assertTrue(missing.getMessage().contains("still to be learned but has no responses"), missing.getMessage());
    }

    private static float[] responses(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = Float.intBitsToFloat(r.nextInt());  // any bits, NaN payloads included: copied bit for bit
        }
        return x;
    }

    @Test
    void aQueueSavedToBytesAndReadBackHoldsEveryField() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        LabelQueue q = new LabelQueue("s", 3, 4, 900);
        // Frames 0..9 with 6 and 8 not yet come (reordered), a mix of inline, flagged and unlabelled.
        long[] indices = {0, 1, 2, 3, 4, 5, 7, 9};
        for (long i : indices) {
            boolean follows = i % 2 == 1;
            double inline = follows || i == 4 ? Double.NaN : 10.0 * i;
            q.admit(2000 + i, i, responses(r, 37), inline, follows, new double[] {i + 0.25, -i}, 77, i < 3);
        }
        q.offer(5, 55.5);
        q.offer(12, 120);
        q.offer(8, 80);
        q.offer(6, Double.NaN);
        q.labelOffered(1234);
        LabelQueue.Saved saved = q.save(1500);
        LabelQueue.Saved back = viaBytes(saved);

        assertEquals(1500, back.labelsPosition());
        assertEquals(900, back.labelsFrom());
        assertEquals(8, back.arrivals());
        assertEquals(9, back.highestIndex());
        assertEquals(6, back.admittedFloor(), "every index below 6 was admitted");
        assertEquals(List.of(12L, 8L, 6L), Arrays.stream(back.earlyIndex()).boxed().toList(), "in arrival order");
        assertEquals(Double.doubleToRawLongBits(Double.NaN), Double.doubleToRawLongBits(back.earlyAngle()[2]));
        assertEquals(saved.entries().size(), back.entries().size());
        for (int k = 0; k < saved.entries().size(); k++) {
            LabelQueue.Entry a = saved.entries().get(k);
            LabelQueue.Entry b = back.entries().get(k);
            String at = "entry " + k;
            assertEquals(a.position, b.position, at);
            assertEquals(a.offset, b.offset, at);
            assertEquals(a.frameIndex, b.frameIndex, at);
            assertEquals(a.state, b.state, at);
            assertEquals(Double.doubleToRawLongBits(a.label), Double.doubleToRawLongBits(b.label), at);
            assertEquals(a.late, b.late, at);
            assertEquals(Arrays.toString(a.decoded), Arrays.toString(b.decoded), at);
            if (a.state == LabelQueue.State.NONE) {
                assertNull(b.responses, at + ": nothing to learn, no responses kept");
            } else {
                assertEquals(bits(a.responses), bits(b.responses), at + ": responses bit for bit");
            }
        }
        assertEquals(LabelQueue.State.KNOWN, back.entries().get(5).state, "frame 5's label came late");
        assertEquals(LabelQueue.State.NONE, back.entries().get(4).state, "frame 4 unlabelled inline");
        assertEquals(LabelQueue.State.PENDING, back.entries().get(1).state);

        LabelQueue restored = LabelQueue.restore("s", 3, 4, back, offset -> offset < 2002);
        assertEquals(8, restored.arrivals());
        assertEquals(3, restored.earlyCount());
        assertTrue(restored.hasEarly(6) && restored.hasEarly(8) && restored.hasEarly(12));
        assertEquals(LabelQueue.Offer.UNMATCHED, restored.offer(4, 1), "frame 4 came, was not flagged");
        assertEquals(LabelQueue.Offer.EARLY, restored.offer(10, 1), "frame 10 has not come");
        assertEquals(LabelQueue.Offer.MATCHED, restored.offer(7, 70), "frame 7 waits for its label");
        LabelQueue.Entry e = restored.admit(2008, 8, new float[37], Double.NaN, true, new double[2], 0, false);
        assertEquals(80, e.label, "frame 8's early label, kept across the snapshot");
        assertTrue(restored.atOffset(2001).replayed && !restored.atOffset(2003).replayed);
        assertEquals(LabelQueue.RESTORED, restored.atOffset(2003).arrivedNanos, "no arrival time: no wait measured");
        assertEquals(900, restored.labelsFrom());
    }

    /** A full queue at rig scale (lag 150, 23,589 neurons, two variants): its size as the README states it. */
    @Test
    void aFullRigSizedQueueHasTheDocumentedSize() throws IOException {
        int lag = 150;
        int neurons = 23_589;
        LabelQueue q = new LabelQueue("s", 0, lag, 0);
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i <= lag; i++) {
            q.admit(i, i, responses(r, neurons), Double.NaN, true, new double[2], 0, false);
        }
        long start = System.nanoTime();
        LabelQueue.Saved saved = q.save(0);
        long saveNanos = System.nanoTime() - start;
        long length = JoinStateCodec.length(saved);
        assertEquals(5 * 8 + 4 + 4 + 4 + (lag + 1) * (42 + 2 * 8 + 4L * neurons), length);
        start = System.nanoTime();
        LabelQueue.Saved back = viaBytes(saved);
        long roundTripNanos = System.nanoTime() - start;
        assertEquals(bits(saved.entries().get(lag).responses), bits(back.entries().get(lag).responses));
        System.out.printf("join state of %d frames x %d neurons: %.1f MB; copied on the loop thread in %.1f ms,"
                + " written and read back in %.1f ms%n", lag + 1, neurons, length / 1e6, saveNanos / 1e6,
                roundTripNanos / 1e6);
    }

    private static List<Integer> bits(float[] x) {
        List<Integer> out = new ArrayList<>();
        for (float f : x) {
            out.add(Float.floatToRawIntBits(f));
        }
        return out;
    }

    @Test
    void aLabelForAReorderedFrameNotYetAdmittedIsKeptEarlyAndMatchedWhenItComes() {
        LabelJoin join = join(3);
        LabelQueue q = join.queue("s", 0);
        for (long i : new long[] {0, 1, 3}) {
            join.admit(q, i, i, new float[1], Double.NaN, true, new double[1], false);
        }
        assertEquals(LabelQueue.Offer.EARLY, join.offer("s", 0, 0, new Label(2, 20), false),
                "frame 2 is below the highest admitted index but has not come");
        assertEquals(LabelQueue.Offer.MATCHED, join.offer("s", 0, 1, new Label(1, 10), false));
        LabelQueue.Entry two = join.admit(q, 4, 2, new float[1], Double.NaN, true, new double[1], false);
        assertEquals(LabelQueue.State.KNOWN, two.state);
        assertEquals(20, two.label);
        assertEquals(LabelQueue.Offer.DUPLICATE, join.offer("s", 0, 2, new Label(2, 20), false));
        assertEquals(List.of("matched", "matched", "duplicate"), counted);

        // Older than the window below the highest index: counted as admitted.
        join.admit(q, 5, 100_000, new float[1], Double.NaN, true, new double[1], false);
        assertEquals(LabelQueue.Offer.UNMATCHED, join.offer("s", 0, 3, new Label(100_000 - AdmittedIndices.WINDOW, 1),
                false));
        assertEquals(LabelQueue.Offer.EARLY, join.offer("s", 0, 4, new Label(100_000 - AdmittedIndices.WINDOW + 1, 1),
                false), "inside the window and never admitted");
    }

    @Test
    void theAdmittedRecordRoundTripsCompactly() {
        AdmittedIndices a = new AdmittedIndices();
        for (long i = 0; i < 200_000; i++) {
            if (i != 150_007 && i != 199_990) {
                a.add(i);
            }
        }
        long floor = a.floor();
        assertEquals(150_007, floor);
        long[] words = a.gapWords(floor);
        assertEquals((200_000 - 150_007 + 63) / 64, words.length);
        AdmittedIndices b = AdmittedIndices.of(a.highest(), floor, words);
        for (long i = 100_000; i < 200_100; i++) {
            assertEquals(a.seen(i), b.seen(i), "index " + i);
        }
        assertFalse(b.seen(199_990));
        AdmittedIndices ordered = new AdmittedIndices();
        for (long i = 0; i < 70_000; i++) {
            ordered.add(i);
        }
        assertEquals(70_000, ordered.floor());
        assertEquals(0, ordered.gapWords(ordered.floor()).length, "an ordered stream saves no words");
    }

    /**
     * The uninterrupted join against one rebuilt at frame {@code cut} from each session's saved
     * state (through bytes), with labels re-read from an older offset (skipped below each session's
     * labels position), and one session evicted (its queue released) and restored later: the same
     * frames learn the same labels in the same order, and nothing is counted twice.
     */
    @Test
    void aJoinRebuiltFromSnapshotsLearnsWhatAnUninterruptedOneLearns() throws IOException {
        int lag = 6;
        int frames = 600;
        String[] sessions = {"a", "b", "c"};
        SplittableRandom random = new SplittableRandom(7);
        List<String> order = new ArrayList<>();
        double[] angle = new double[frames];
        long[] arrive = new long[frames];
        for (int i = 0; i < frames; i++) {
            order.add(sessions[random.nextInt(3)]);
            angle[i] = random.nextInt(10) == 0 ? Double.NaN : random.nextDouble(360);
            arrive[i] = i + random.nextInt(-4, 25);
        }
        List<String> reference = new Stream(lag, order, angle, arrive).run(-1);
        int referenceCounts = counted.size();
        counted.clear();
        for (int cut : new int[] {50, 301, 555}) {
            List<String> rebuilt = new Stream(lag, order, angle, arrive).run(cut);
            assertEquals(reference, rebuilt, "rebuilt at frame " + cut);
            assertEquals(referenceCounts, counted.size(), "labels counted once, cut at " + cut);
            counted.clear();
        }
        assertTrue(reference.size() > 500, reference.size() + " learned");
    }

    /** One stream through the join, optionally rebuilt at a frame. */
    private final class Stream {
        final int lag;
        final List<String> order;
        final double[] angle;
        final List<Integer> labels = new ArrayList<>();
        final long[] arrive;
        final long[] index;

        Stream(int lag, List<String> order, double[] angle, long[] arrive) {
            this.lag = lag;
            this.order = order;
            this.angle = angle;
            this.arrive = arrive;
            for (int i = 0; i < angle.length; i++) {
                labels.add(i);
            }
            labels.sort(Comparator.comparingLong(i -> arrive[i]));
            index = new long[angle.length];
            Map<String, Long> next = new HashMap<>();
            for (int i = 0; i < order.size(); i++) {
                index[i] = next.merge(order.get(i), 1L, Long::sum) - 1;
            }
        }

        /** The labels topic's record at offset {@code o} offered to the join. */
        void offer(LabelJoin join, int o, boolean replaying) {
            int f = labels.get(o);
            join.offer(order.get(f), 0, o, new Label(index[f], angle[f]), replaying);
            join.labelsRead(0, o + 1);
        }

        List<String> run(int cut) throws IOException {
            LabelJoin join = join(lag);
            List<String> learned = new ArrayList<>();
            int delivered = 0;
            int countFrom = 0;
            Map<String, LabelQueue.Saved> evicted = new HashMap<>();
            for (int i = 0; i < order.size(); i++) {
                if (i == cut) {
                    // A crash: every session's state as its snapshot holds it; labels re-read from the oldest.
                    Map<String, LabelQueue.Saved> saved = new HashMap<>(evicted);
                    for (String s : List.of("a", "b", "c")) {
                        if (!evicted.containsKey(s)) {
                            saved.put(s, viaBytes(join.save(s, 0)));
                        }
                    }
                    countFrom = delivered;
                    join = join(lag);
                    long seek = saved.values().stream().mapToLong(LabelQueue.Saved::labelsPosition).min().orElseThrow();
                    for (Map.Entry<String, LabelQueue.Saved> e : saved.entrySet()) {
                        if (e.getKey().equals("b")) {
                            join.parkInSnapshot("b", 0, e.getValue().labelsPosition());
                            evicted.put("b", e.getValue());
                        } else {
                            join.restore(e.getKey(), 0, e.getValue(), offset -> false);
                        }
                    }
                    assertTrue(seek <= delivered);
                    // Read from further back, as when another session is rebuilt from its frames: skipped here.
                    delivered = Math.max(0, delivered - 40);
                    join.labelsRead(0, delivered);
                } else if (i == cut / 2 && cut > 0) {
                    // Session b is evicted: its queue goes with its snapshot and leaves memory.
                    evicted.put("b", viaBytes(join.save("b", 0)));
                    join.park("b", 0);
                    join.release("b");
                    assertNull(join.existing("b"));
                    assertTrue(join.parked("b"));
                }
                while (delivered < labels.size() && arrive[labels.get(delivered)] <= i) {
                    offer(join, delivered, delivered < countFrom);
                    delivered++;
                }
                String s = order.get(i);
                if (join.parked(s)) {
                    // Its frame came: read back from the snapshot, then the labels held for it.
                    join.restore(s, 0, evicted.remove(s), offset -> false);
                }
                LabelQueue q = join.queue(s, 0);
                while (true) {
                    LabelJoin.Next next = join.next(q);
                    if (next instanceof LabelJoin.Next.Learn learn) {
                        LabelQueue.Entry e = learn.entry();
                        learned.add(s + " " + e.position + ":" + (e.state == LabelQueue.State.KNOWN
                                ? e.label + " x" + e.responses[0] : "-"));
                    } else if (next instanceof LabelJoin.Next.Wait) {
                        offer(join, delivered, delivered < countFrom);
                        delivered++;
                    } else {
                        break;
                    }
                }
                join.admit(q, i, index[i], new float[] {i}, Double.NaN, true, new double[1], false);
            }
            return learned;
        }
    }

    @Test
    void anEvictedSessionsQueueLeavesMemoryAndComesBackWithTheLabelsReadMeanwhile() {
        LabelJoin join = join(2);
        LabelQueue q = join.queue("s", 0);
        for (int i = 0; i < 3; i++) {
            join.admit(q, i, i, new float[100], Double.NaN, true, new double[1], false);
        }
        join.queue("t", 0);
        assertEquals(2, join.queueCount());
        assertEquals(3, join.responsesHeld());
        LabelQueue.Saved saved = join.save("s", 0);
        join.park("s", 0);
        assertEquals(2, join.queueCount(), "kept until its snapshot is durable");
        join.release("s");
        assertEquals(1, join.queueCount());
        assertEquals(0, join.responsesHeld());
        assertEquals(LabelQueue.Offer.EARLY, join.offer("s", 0, 7, new Label(1, 11), false), "held for it");
        assertEquals(List.of(), counted);
        join.restore("s", 0, saved, offset -> false);
        assertEquals(List.of("matched"), counted, "counted when offered to its queue");
        LabelQueue back = join.existing("s");
        assertEquals(3, back.responsesHeld());
        assertEquals(11, back.lateEntry(1).label);
        assertEquals(LabelQueue.State.KNOWN, back.lateEntry(1).state);
    }

    @Test
    void aSessionResetThenRecoveredSkipsTheLabelsReadBeforeItsReset() {
        LabelJoin join = join(2);
        for (int o = 0; o < 10; o++) {
            join.offer("s", 0, o, new Label(o, 1), false);
            join.labelsRead(0, o + 1);
        }
        join.drop("s", 0);
        long labelsFrom = join.labelsAt(0);
        assertEquals(10, labelsFrom, "what the reset's catalog entry records");
        assertNull(join.existing("s"));

        // Recovery rebuilds the session from its reset and reads the partition's labels from 0.
        counted.clear();
        LabelJoin recovered = join(2);
        recovered.skipBelow("s", 0, labelsFrom);
        for (int o = 0; o < 14; o++) {
            LabelQueue.Offer offer = recovered.offer("s", 0, o, new Label(o, 1), false);
            assertEquals(o < 10 ? null : LabelQueue.Offer.EARLY, offer, "offset " + o);
        }
        assertEquals(4, recovered.existing("s").earlyCount(), "only the labels after the reset");
        assertEquals(10, recovered.existing("s").labelsFrom());
        assertEquals(List.of(), counted);
    }
}
