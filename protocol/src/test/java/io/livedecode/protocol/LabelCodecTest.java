package io.livedecode.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LabelCodecTest {

    @Test
    void labelsRoundTripBitExactly() throws FrameFormatException {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 500; round++) {
            double angle = switch (round % 4) {
                case 0 -> Double.NaN;
                case 1 -> -0.0;
                case 2 -> random.nextDouble(0, 360);
                default -> Double.longBitsToDouble(random.nextLong() & 0x7fef_ffff_ffff_ffffL);
            };
            Label label = new Label(random.nextLong(Long.MAX_VALUE), angle);
            byte[] bytes = LabelCodec.encode(label);
            assertEquals(24, bytes.length);
            Label back = LabelCodec.decode(bytes);
            assertEquals(label.frameIndex(), back.frameIndex());
            assertEquals(Double.doubleToRawLongBits(angle), Double.doubleToRawLongBits(back.angleDegrees()));
        }
        assertFalse(LabelCodec.decode(LabelCodec.encode(new Label(3, Double.NaN))).known());
    }

    @Test
    void layoutIsTheDocumentedOne() {
        byte[] bytes = LabelCodec.encode(new Label(41, 123.5));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals("LDLB".getBytes(), Arrays.copyOf(bytes, 4));
        assertEquals(1, b.getShort(4));
        assertEquals(0, b.getShort(6));
        assertEquals(41, b.getLong(8));
        assertEquals(123.5, b.getDouble(16));
    }

    @Test
    void badRecordsGetTheirSpecificReason() {
        byte[] valid = LabelCodec.encode(new Label(41, 123.5));
        bad(null, RejectReason.MALFORMED, "null (a tombstone)");
        bad(Arrays.copyOf(valid, 23), RejectReason.MALFORMED, "label record has 23 bytes, version 1 has exactly 24");
        bad(Arrays.copyOf(valid, 32), RejectReason.MALFORMED, "has 32 bytes");
        bad(with(valid, b -> b.put(0, (byte) 'X')), RejectReason.MALFORMED, "bad label magic 0x58444C42");
        bad(with(valid, b -> b.putShort(4, (short) 2)), RejectReason.UNSUPPORTED_VERSION, "label format version 2");
        bad(with(valid, b -> b.putShort(6, (short) 5)), RejectReason.MALFORMED, "reserved field is 5");
        bad(with(valid, b -> b.putLong(8, -3)), RejectReason.ABSURD_VALUE, "label frame index -3 is negative");
        bad(with(valid, b -> b.putDouble(16, Double.NEGATIVE_INFINITY)), RejectReason.NON_FINITE,
                "label angle is -Infinity");
        // A frame is not a label.
        bad(Arrays.copyOf(FrameCodec.encode(new Frame(0, 0, 1, new float[] {1})),
                24), RejectReason.MALFORMED, "bad label magic 0x4C444652");
        assertThrows(IllegalArgumentException.class, () -> LabelCodec.encode(new Label(-1, 0)));
        assertThrows(IllegalArgumentException.class, () -> LabelCodec.encode(new Label(0, Double.POSITIVE_INFINITY)));
    }

    private static void bad(byte[] bytes, RejectReason reason, String message) {
        FrameFormatException e = assertThrows(FrameFormatException.class, () -> LabelCodec.decode(bytes));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "'" + e.getMessage() + "' lacks '" + message + "'");
    }

    private static byte[] with(byte[] bytes, Consumer<ByteBuffer> edit) {
        byte[] copy = bytes.clone();
        edit.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        return copy;
    }
}
