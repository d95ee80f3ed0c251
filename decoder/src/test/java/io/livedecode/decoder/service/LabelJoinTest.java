package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.protocol.Label;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The late-labels join rule, driven frame by frame with a hand-moved clock. */
class LabelJoinTest {

    private final CountingListener listener = new CountingListener();
    private final List<String> counted = listener.counted;
    private final List<Long> waits = listener.waits;
    private long now;

    private LabelJoin join(int lag, long maxWaitMs) {
        return new LabelJoin(lag, Duration.ofMillis(maxWaitMs), () -> now, listener);
    }

    /** What was learned, in order: "position:label" (label NaN when dropped). */
    private static String learned(LabelQueue.Entry e) {
        return e.position + ":" + (e.state == LabelQueue.State.KNOWN ? e.label : Double.NaN);
    }

    private static void admit(LabelJoin join, LabelQueue q, long index, double inline, boolean follows) {
        join.admit(q, 100 + index, index, new float[] {index}, inline, follows, new double[] {index * 2.0}, false);
    }

    @Test
    void frameAtPositionPIsLearnedJustBeforeFramePPlusLagPlusOneIsDecoded() {
        LabelJoin join = join(2, 1000);
        LabelQueue q = join.queue("s", 0);
        List<String> order = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            LabelJoin.Next next;
            while ((next = join.next(q)) instanceof LabelJoin.Next.Learn learn) {
                order.add("learn " + learned(learn.entry()) + " before " + k);
            }
            assertInstanceOf(LabelJoin.Next.Decode.class, next);
            admit(join, q, k, k % 3 == 2 ? Double.NaN : 10.0 * k, false);
        }
        assertEquals(List.of("learn 0:0.0 before 3", "learn 1:10.0 before 4", "learn 2:NaN before 5",
                "learn 3:30.0 before 6", "learn 4:40.0 before 7"), order);
        assertEquals(3, q.size(), "frames 5, 6 and 7 wait for their learning points");
        assertEquals(List.of(), counted, "inline labels count nothing");
    }

    @Test
    void labelsReadFarAheadWhileAnotherSessionHoldsThePartitionAreKeptNotDropped() {
        LabelJoin join = join(2, 1000);
        int ahead = 20_000;  // e.g. 10 s of a 2 kHz session's labels read while another session's frame is held
        for (int i = 0; i < ahead; i++) {
            assertEquals(LabelQueue.Offer.EARLY, join.offer("b", 0, new Label(i, i % 360), false), "label " + i);
        }
        LabelQueue q = join.queue("b", 0);
        for (int k = 0; k < ahead; k++) {
            LabelJoin.Next next;
            while ((next = join.next(q)) instanceof LabelJoin.Next.Learn learn) {
                assertEquals(learn.entry().position % 360, learn.entry().label, 0.0);
            }
            assertInstanceOf(LabelJoin.Next.Decode.class, next, "frame " + k + " never waits: its label is there");
            admit(join, q, k, Double.NaN, true);
        }
        assertEquals(0, counted.stream().filter(c -> !c.equals("matched")).count(), "no label dropped as unmatched");
        assertEquals(ahead, counted.size(), "every early label matched its frame");
        assertTrue(ahead < LabelQueue.EARLY_BEYOND_LAG);
    }

    @Test
    void aDueFrameWithoutItsLabelWaitsUntilTheLabelComes() {
        LabelJoin join = join(1, 1000);
        LabelQueue q = join.queue("s", 0);
        admit(join, q, 0, Double.NaN, true);
        assertInstanceOf(LabelJoin.Next.Decode.class, join.next(q), "frame 1 needs nothing learned");
        admit(join, q, 1, Double.NaN, true);
        now = 400_000_000;
        LabelJoin.Next wait = join.next(q);
        assertEquals(0, assertInstanceOf(LabelJoin.Next.Wait.class, wait).entry().frameIndex);
        now = 900_000_000;
        assertInstanceOf(LabelJoin.Next.Wait.class, join.next(q), "still within labels.max-wait-ms");
        assertEquals(LabelQueue.Offer.MATCHED, join.offer("s", 0, new Label(0, 45), false));
        LabelQueue.Entry e = assertInstanceOf(LabelJoin.Next.Learn.class, join.next(q)).entry();
        assertEquals("0:45.0", learned(e));
        assertEquals(0.0, e.decoded[0]);
        assertEquals(List.of("matched"), counted);
        assertEquals(List.of(900_000_000L), waits, "frame arrival to label arrival");
        assertInstanceOf(LabelJoin.Next.Decode.class, join.next(q));
    }

    @Test
    void aHeadThatWaitedMaxWaitIsGivenUpOnceCountedAndTheWaitClockRestartsForTheNext() {
        LabelJoin join = join(0, 1000);
        LabelQueue q = join.queue("s", 0);
        admit(join, q, 0, Double.NaN, true);
        now = 5_000_000_000L;
        assertInstanceOf(LabelJoin.Next.Wait.class, join.next(q));
        now += 999_999_999;
        assertInstanceOf(LabelJoin.Next.Wait.class, join.next(q));
        now += 1;
        LabelQueue.Entry gone = assertInstanceOf(LabelJoin.Next.Learn.class, join.next(q)).entry();
        assertEquals(LabelQueue.State.NONE, gone.state);
        assertEquals(List.of("expired"), counted);
        admit(join, q, 1, Double.NaN, true);
        assertInstanceOf(LabelJoin.Next.Wait.class, join.next(q), "the next head's wait starts now");
        now += 999_999_999;
        assertInstanceOf(LabelJoin.Next.Wait.class, join.next(q));
        assertEquals(LabelQueue.Offer.UNMATCHED, join.offer("s", 0, new Label(0, 10), false),
                "a label after its frame was given up");
        assertEquals(List.of("expired", "unmatched"), counted);
    }

    @Test
    void earlyLabelsAreKeptWithdrawalsDropAndEverythingElseIsCounted() {
        LabelJoin join = join(0, 1000);
        LabelQueue q = join.queue("s", 0);
        assertEquals(LabelQueue.Offer.EARLY, join.offer("s", 0, new Label(0, 20), false));
        assertEquals(LabelQueue.Offer.DUPLICATE, join.offer("s", 0, new Label(0, 20), false));
        assertEquals(LabelQueue.Offer.UNMATCHED, join.offer("s", 0, new Label(0, 21), false), "a second answer");
        assertEquals(LabelQueue.Offer.EARLY, join.offer("s", 0, new Label(1, Double.NaN), false));
        assertEquals(LabelQueue.Offer.EARLY, join.offer("s", 0, new Label(2, 5), false));
        admit(join, q, 0, Double.NaN, true);
        assertEquals("0:20.0", learned(assertInstanceOf(LabelJoin.Next.Learn.class, join.next(q)).entry()));
        admit(join, q, 1, Double.NaN, true);
        assertEquals("1:NaN", learned(assertInstanceOf(LabelJoin.Next.Learn.class, join.next(q)).entry()),
                "a NaN label: decoded only, nothing waits");
        admit(join, q, 2, 7, false);
        assertEquals("2:7.0", learned(assertInstanceOf(LabelJoin.Next.Learn.class, join.next(q)).entry()),
                "an inline stimulus wins over a label its frame did not announce");
        assertEquals(LabelQueue.Offer.UNMATCHED, join.offer("s", 0, new Label(1, 30), false), "already dropped");
        assertEquals(List.of("duplicate", "unmatched", "matched", "matched", "unmatched", "unmatched"), counted);
        assertEquals(List.of(0L, 0L), waits, "the two late labels that found their frame came first: no wait");
    }

    @Test
    void aLabelForAQueuedFrameThatHasItsLabelIsADuplicateOrUnmatched() {
        LabelJoin join = join(5, 1000);
        LabelQueue q = join.queue("s", 0);
        admit(join, q, 0, Double.NaN, true);
        admit(join, q, 1, 33, false);
        assertEquals(LabelQueue.Offer.MATCHED, join.offer("s", 0, new Label(0, 12), false));
        assertEquals(LabelQueue.Offer.DUPLICATE, join.offer("s", 0, new Label(0, 12), false));
        assertEquals(LabelQueue.Offer.UNMATCHED, join.offer("s", 0, new Label(0, 13), false));
        assertEquals(LabelQueue.Offer.UNMATCHED, join.offer("s", 0, new Label(1, 33), false), "frame 1 was not flagged");
        assertEquals(List.of("matched", "duplicate", "unmatched", "unmatched"), counted);
    }

    @Test
    void earlyLabelsAreBoundedPerSession() {
        LabelJoin join = join(3, 1000);
        int limit = 3 + LabelQueue.EARLY_BEYOND_LAG;
        for (int i = 0; i < limit; i++) {
            assertEquals(LabelQueue.Offer.EARLY, join.offer("s", 4, new Label(i, 1), false));
        }
        assertEquals(LabelQueue.Offer.UNMATCHED, join.offer("s", 4, new Label(limit + 5000, 1), false));
        assertEquals(limit, join.earlyLabels(4));
        assertEquals(0, join.earlyLabels(3));
        join.drop(4);
        assertNull(join.existing("s"));
    }

    @Test
    void replayingCountsNothing() {
        LabelJoin join = join(0, 10);
        LabelQueue q = join.queue("s", 0);
        join.offer("s", 0, new Label(0, 1), true);
        join.offer("s", 0, new Label(0, 1), true);
        join.admit(q, 0, 0, new float[1], Double.NaN, true, new double[1], true);
        join.next(q);
        join.admit(q, 1, 1, new float[1], Double.NaN, true, new double[1], true);
        join.next(q);
        now += 20_000_000;
        join.next(q);
        assertEquals(List.of(), counted);
        assertEquals(List.of(), waits);
    }

    /**
     * The property the design rests on: whatever the labels' arrival (before or after their frames,
     * out of order across sessions, later than the lag so that frames wait), the frames learned and
     * the labels they learn are those of the same frames with the labels inline.
     */
    @Test
    void whatIsLearnedDependsOnTheTopicsNotOnArrivalTiming() {
        int lag = 5;
        int frames = 400;
        String[] sessions = {"a", "b", "c"};
        SplittableRandom random = new SplittableRandom(42);
        List<String> frameOrder = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            frameOrder.add(sessions[random.nextInt(3)]);
        }
        double[] angle = new double[frames];
        for (int i = 0; i < frames; i++) {
            angle[i] = random.nextInt(10) == 0 ? Double.NaN : random.nextDouble(360);
        }
        List<String> reference = run(lag, frameOrder, angle, null, random);
        assertTrue(reference.size() > 3 * 100, reference.size() + " frames learned");
        for (int round = 0; round < 20; round++) {
            // Label of frame i arrives "before frame arrive[i]": from 3 frames early to 30 late.
            long[] arrive = new long[frames];
            for (int i = 0; i < frames; i++) {
                arrive[i] = i + random.nextInt(-3, 31);
            }
            assertEquals(reference, run(lag, frameOrder, angle, arrive, random), "round " + round);
        }
        assertEquals(List.of(), counted.stream().filter(c -> !c.equals("matched")).toList());
    }

    /** Runs the join over a stream; {@code arrive} null puts the labels inline. Returns what was learned. */
    private List<String> run(int lag, List<String> frameOrder, double[] angle, long[] arrive, SplittableRandom r) {
        LabelJoin join = join(lag, Long.MAX_VALUE / 2_000_000);
        List<String> learned = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        if (arrive != null) {
            for (int i = 0; i < angle.length; i++) {
                labels.add(i);
            }
            labels.sort(Comparator.comparingLong(i -> arrive[i]));
        }
        int delivered = 0;
        long[] indexInSession = new long[angle.length];
        java.util.Map<String, Long> nextIndex = new java.util.HashMap<>();
        for (int i = 0; i < frameOrder.size(); i++) {
            long index = nextIndex.merge(frameOrder.get(i), 1L, Long::sum) - 1;
            indexInSession[i] = index;
        }
        for (int i = 0; i < frameOrder.size(); i++) {
            while (delivered < labels.size() && arrive[labels.get(delivered)] <= i) {
                int f = labels.get(delivered++);
                join.offer(frameOrder.get(f), 0, new Label(indexInSession[f], angle[f]), false);
            }
            String s = frameOrder.get(i);
            LabelQueue q = join.queue(s, 0);
            while (true) {
                LabelJoin.Next next = join.next(q);
                if (next instanceof LabelJoin.Next.Learn learn) {
                    learned.add(s + " " + learned(learn.entry()));
                } else if (next instanceof LabelJoin.Next.Wait) {
                    int f = labels.get(delivered++);
                    join.offer(frameOrder.get(f), 0, new Label(indexInSession[f], angle[f]), false);
                } else {
                    break;
                }
            }
            join.admit(q, i, indexInSession[i], new float[1], arrive == null ? angle[i] : Double.NaN, arrive != null,
                    new double[1], false);
        }
        return learned;
    }
}
