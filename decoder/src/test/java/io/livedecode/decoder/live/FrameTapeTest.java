package io.livedecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.RejectReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTapeTest {

    private static final List<String> VARIANTS = List.of("linear", "relu200", "relu200-l2");

    private static void frame(FrameTape tape, long frame) {
        for (int v = 0; v < VARIANTS.size(); v++) {
            tape.append(Records.record("s", frame, VARIANTS.get(v), v, 30, 1.5 * v));
        }
    }

    @Test
    void aFrameIsReadableOnceEveryVariantArrivedAndIsReadOnce() {
        FrameTape tape = new FrameTape("s", VARIANTS, 16);
        FrameBatch batch = new FrameBatch(16, 3);
        frame(tape, 0);
        tape.append(Records.record("s", 1, "linear", 0, 30, 0));
        tape.drainInto(0, batch);
        assertEquals(1, batch.size, "frame 1 still waits for two variants");
        assertEquals(0, batch.frame[0]);
        DecodedRecord expected = Records.record("s", 0, "relu200-l2", 2, 30, 3.0);
        assertEquals(expected.decodedDegrees(), batch.decodedDegrees[2], 0);
        assertEquals(expected.decodedNanos(), batch.decodedNanos[2]);
        assertEquals(expected.trueDegrees(), batch.trueDegrees[0], 0);
        long cursor = batch.cursor;
        tape.append(Records.record("s", 1, "relu200", 1, 30, 0));
        tape.append(Records.record("s", 1, "relu200-l2", 2, 30, 0));
        tape.drainInto(cursor, batch);
        assertEquals(1, batch.size);
        assertEquals(1, batch.frame[0]);
        tape.drainInto(batch.cursor, batch);
        assertEquals(0, batch.size, "nothing new");
    }

    @Test
    void aFrameMissingAVariantClosesWhenTheNextStartsWithItsGapEmpty() {
        FrameTape tape = new FrameTape("s", VARIANTS, 16);
        FrameBatch batch = new FrameBatch(16, 3);
        tape.append(Records.record("s", 0, "linear", 0, 30, 0));
        tape.append(Records.record("s", 0, "relu200", 1, 30, 0));
        frame(tape, 1);
        tape.append(Records.record("s", 2, "unknown-variant", 0, 30, 0));
        tape.drainInto(0, batch);
        assertEquals(2, batch.size);
        assertTrue(Double.isNaN(batch.decodedDegrees[2]), "frame 0 has no relu200-l2 answer");
        assertEquals(1, tape.unknownVariants());
    }

    @Test
    void aReaderAWholeRingBehindLosesTheOldestFramesAndIsToldHowMany() {
        FrameTape tape = new FrameTape("s", VARIANTS, 8);
        FrameBatch batch = new FrameBatch(8, 3);
        for (int f = 0; f < 20; f++) {
            frame(tape, f);
        }
        tape.drainInto(0, batch);
        assertEquals(8, batch.size);
        assertEquals(12, batch.overwritten);
        assertEquals(12, batch.frame[0]);
        assertEquals(19, batch.frame[7]);
        assertEquals(20, batch.cursor);
        // With a frame half written, its slot (the oldest) is no longer readable.
        frame(tape, 20);
        tape.append(Records.record("s", 21, "linear", 0, 30, 0));
        tape.drainInto(batch.cursor, batch);
        assertEquals(1, batch.size);
        assertEquals(20, batch.frame[0]);
        tape.drainInto(0, batch);
        assertEquals(7, batch.size, "slots of frames 14..20; 13's is being overwritten by 21");
        assertEquals(14, batch.frame[0]);
    }

    @Test
    void countsRejectionsByReason() {
        FrameTape tape = new FrameTape("s", VARIANTS, 8);
        tape.rejected(RejectReason.NON_FINITE);
        tape.rejected(RejectReason.NON_FINITE);
        tape.rejected(RejectReason.MALFORMED);
        FrameBatch batch = new FrameBatch(8, 3);
        tape.drainInto(0, batch);
        assertEquals(2, batch.rejectedTotal[RejectReason.NON_FINITE.ordinal()]);
        assertEquals(1, batch.rejectedTotal[RejectReason.MALFORMED.ordinal()]);
        assertEquals(0, batch.size);
    }
}
