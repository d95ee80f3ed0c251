package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livedecode.decoder.service.FrameSequence.Arrival;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameSequenceTest {

    private static final int W = FrameSequence.WINDOW;

    /** Counts of each arrival plus the missing indices, after a stream of indices. */
    private static Map<String, Long> run(long... indices) {
        FrameSequence s = new FrameSequence();
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (long i : indices) {
            FrameSequence.Observation o = s.observe(i);
            counts.merge(o.arrival().name(), 1L, Long::sum);
            counts.merge("missing", o.missing(), Long::sum);
        }
        return counts;
    }

    @Test
    void anInOrderStreamCountsNothing() {
        long[] indices = new long[3 * W];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = 40 + i;
        }
        assertEquals(Map.of("FIRST", 1L, "NEWEST", 3L * W - 1, "missing", 0L), run(indices));
    }

    @Test
    void aGapIsMissingOnceTheWindowHasPassedIt() {
        FrameSequence s = new FrameSequence();
        s.observe(0);
        s.observe(1);
        // 2, 3 and 4 skipped: not missing yet, they may still come.
        assertEquals(new FrameSequence.Observation(Arrival.NEWEST, 0), s.observe(5));
        long missing = 0;
        for (long i = 6; i <= 1 + W; i++) {
            missing += s.observe(i).missing();
        }
        assertEquals(0, missing, "index 1 + W still keeps 2 in the window");
        assertEquals(new FrameSequence.Observation(Arrival.NEWEST, 1), s.observe(2 + W), "2 is missing");
        assertEquals(new FrameSequence.Observation(Arrival.NEWEST, 1), s.observe(3 + W), "3 is missing");
        assertEquals(new FrameSequence.Observation(Arrival.TOO_LATE, 0), s.observe(3), "came after its window");
        assertEquals(new FrameSequence.Observation(Arrival.REORDERED, 0), s.observe(4), "still inside it");
        assertEquals(new FrameSequence.Observation(Arrival.NEWEST, 0), s.observe(4 + W), "4 came in time");
    }

    @Test
    void lateFramesInsideTheWindowAreReorderedNotMissing() {
        // 0..9, then 12, 10, 11: two reordered; then past the window: nothing missing.
        long[] head = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11};
        long[] all = new long[head.length + 2 * W];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = 0; i < 2 * W; i++) {
            all[head.length + i] = 13 + i;
        }
        assertEquals(Map.of("FIRST", 1L, "NEWEST", 10L + 2 * W, "REORDERED", 2L, "missing", 0L), run(all));
    }

    @Test
    void repeatsAreCountedAndNotMistakenForNewFrames() {
        assertEquals(Map.of("FIRST", 1L, "NEWEST", 4L, "REPEATED", 3L, "missing", 0L), run(0, 1, 1, 2, 0, 3, 4, 4));
    }

    @Test
    void aJumpFarAheadCountsEverySkippedIndex() {
        // From 10 to 10 + 5 W: the 5 W - 1 skipped indices all end up missing, W - 1 of them at once
        // when the last window passes.
        FrameSequence s = new FrameSequence();
        s.observe(10);
        FrameSequence.Observation jump = s.observe(10 + 5L * W);
        assertEquals(Arrival.NEWEST, jump.arrival());
        assertEquals(4L * W, jump.missing(), "indices 11 .. 10 + 4W are out of the new window");
        long more = 0;
        for (long i = 11 + 5L * W; i <= 10 + 6L * W; i++) {
            more += s.observe(i).missing();
        }
        assertEquals(W - 1, more);
    }

    @Test
    void framesBeforeTheFirstAreNeverMissing() {
        FrameSequence s = new FrameSequence();
        s.observe(500);
        assertEquals(Arrival.REORDERED, s.observe(498).arrival());
        long missing = 0;
        for (long i = 501; i < 500 + 3 * W; i++) {
            missing += s.observe(i).missing();
        }
        assertEquals(0, missing);
    }

    /** A shuffled stream with drops and repeats, against a plain set-based count. */
    @Test
    void randomStreamsMatchABruteForceCount() {
        Random rng = new Random(7);
        for (int round = 0; round < 50; round++) {
            int n = 2000;
            List<Long> stream = new java.util.ArrayList<>();
            Set<Long> dropped = new HashSet<>();
            for (long i = 0; i < n; i++) {
                if (i > 0 && i < n - W && rng.nextInt(20) == 0) {
                    dropped.add(i);
                    continue;
                }
                stream.add(i);
                if (rng.nextInt(30) == 0) {
                    stream.add(i);
                }
            }
            // Local shuffles of up to 8 places: reordered, never beyond the window.
            for (int k = 0; k < stream.size() - 8; k++) {
                if (rng.nextInt(10) == 0 && stream.get(k) > 0) {
                    java.util.Collections.swap(stream, k, k + 1 + rng.nextInt(7));
                }
            }
            // Keep 0 first so the first frame is the stream's start.
            stream.remove(Long.valueOf(0));
            stream.addFirst(0L);
            FrameSequence s = new FrameSequence();
            Map<Arrival, Long> counts = new EnumMap<>(Arrival.class);
            long missing = 0;
            Set<Long> seen = new HashSet<>();
            long repeats = 0;
            long reordered = 0;
            long newest = -1;
            for (long i : stream) {
                FrameSequence.Observation o = s.observe(i);
                counts.merge(o.arrival(), 1L, Long::sum);
                missing += o.missing();
                if (!seen.add(i)) {
                    repeats++;
                } else if (i < newest) {
                    reordered++;
                }
                newest = Math.max(newest, i);
            }
            // Push the window past every index so that all drops are final.
            for (long i = n; i < n + W; i++) {
                missing += s.observe(i).missing();
            }
            assertEquals(dropped.size(), missing, "round " + round);
            assertEquals(repeats, counts.getOrDefault(Arrival.REPEATED, 0L), "round " + round);
            assertEquals(reordered, counts.getOrDefault(Arrival.REORDERED, 0L), "round " + round);
            assertEquals(0, counts.getOrDefault(Arrival.TOO_LATE, 0L), "round " + round);
        }
    }
}
