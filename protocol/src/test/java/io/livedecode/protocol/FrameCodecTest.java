package io.livedecode.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameCodecTest {

    private static final float[] EXTREMES = {
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
        0.0f, -0.0f, 1e-30f, -1e30f, Math.nextDown(1.0f)
    };

    @Test
    void randomFramesRoundTripBitExactly() {
        SplittableRandom random = new SplittableRandom(20191231L);
        for (int round = 0; round < 200; round++) {
            int neurons = round < 5 ? new int[] {1, 2, 23_589, 50_000, 3}[round] : 1 + random.nextInt(50_000);
            float[] responses = new float[neurons];
            for (int i = 0; i < neurons; i++) {
                responses[i] = random.nextInt(20) == 0
                        ? EXTREMES[random.nextInt(EXTREMES.length)]
                        : Float.intBitsToFloat(finiteBits(random));
            }
            double stimulus = switch (round % 4) {
                case 0 -> Double.NaN;
                case 1 -> random.nextDouble(0, 360);
                case 2 -> Double.longBitsToDouble(0x7ff8_dead_beef_0001L);
                default -> -Double.MAX_VALUE;
            };
            Frame frame = new Frame(random.nextLong(Long.MAX_VALUE), random.nextLong(Long.MAX_VALUE), stimulus, responses);

            byte[] bytes = FrameCodec.encode(frame);
            assertEquals(FrameCodec.encodedSize(neurons), bytes.length);
            Frame back = assertDoesNotFail(bytes);
            assertEquals(frame, back, "round " + round);
            assertEquals(Double.doubleToRawLongBits(stimulus), Double.doubleToRawLongBits(back.stimulusDegrees()));
            assertArrayEquals(bits(responses), bits(back.responses()));
        }
    }

    @Test
    void headerIsLittleEndianAtDocumentedOffsets() {
        byte[] bytes = FrameCodec.encode(new Frame(7, 1_764_403_200_123_456_789L, 45.5, new float[] {1.5f, -2f}));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals("LDFR".getBytes(), Arrays.copyOf(bytes, 4));
        assertEquals(1, b.getShort(4));
        assertEquals(40, b.getShort(6));
        assertEquals(7L, b.getLong(8));
        assertEquals(1_764_403_200_123_456_789L, b.getLong(16));
        assertEquals(45.5, b.getDouble(24));
        assertEquals(2, b.getInt(32));
        assertEquals(0, b.getInt(36));
        assertEquals(1.5f, b.getFloat(40));
        assertEquals(-2f, b.getFloat(44));
        assertEquals(48, bytes.length);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("null value", v -> null, RejectReason.MALFORMED, "null"),
                bad("empty", v -> new byte[0], RejectReason.MALFORMED, "truncated header: 0 bytes"),
                bad("bad magic", v -> with(v, b -> b.put(0, (byte) 'X')), RejectReason.MALFORMED,
                        "bad magic 0x58444652"),
                bad("version 2", v -> with(v, b -> b.putShort(4, (short) 2)), RejectReason.UNSUPPORTED_VERSION,
                        "unsupported frame format version 2"),
                bad("header length", v -> with(v, b -> b.putShort(6, (short) 48)), RejectReason.MALFORMED,
                        "header length field is 48"),
                bad("truncated header", v -> Arrays.copyOf(v, 20), RejectReason.MALFORMED,
                        "truncated header: 20 bytes"),
                bad("truncated payload", v -> Arrays.copyOf(v, v.length - 3), RejectReason.MALFORMED,
                        "declared neuron count 3 needs 52 bytes, the frame has 49 (truncated payload)"),
                bad("trailing bytes", v -> Arrays.copyOf(v, v.length + 4), RejectReason.MALFORMED,
                        "needs 52 bytes, the frame has 56 (trailing bytes)"),
                bad("count larger than bytes", v -> with(v, b -> b.putInt(32, 1000)), RejectReason.MALFORMED,
                        "declared neuron count 1000 needs 4040 bytes, the frame has 52"),
                bad("zero neurons", v -> with(v, b -> b.putInt(32, 0)), RejectReason.ABSURD_VALUE,
                        "neuron count 0 outside 1..1048576"),
                bad("absurd count", v -> with(v, b -> b.putInt(32, -1)), RejectReason.ABSURD_VALUE,
                        "neuron count 4294967295 outside"),
                bad("undefined flag bits", v -> with(v, b -> b.putInt(36, 9)), RejectReason.MALFORMED,
                        "flags 0x9: only bit 0 (LABEL_FOLLOWS) is defined"),
                bad("label follows with a stimulus", v -> with(v, b -> b.putInt(36, 1)), RejectReason.MALFORMED,
                        "LABEL_FOLLOWS is set but the stimulus is 90.0"),
                bad("negative index", v -> with(v, b -> b.putLong(8, -5)), RejectReason.ABSURD_VALUE,
                        "frame index -5 is negative"),
                bad("negative time", v -> with(v, b -> b.putLong(16, -1)), RejectReason.ABSURD_VALUE,
                        "acquisition time -1 ns"),
                bad("infinite stimulus", v -> with(v, b -> b.putDouble(24, Double.POSITIVE_INFINITY)),
                        RejectReason.NON_FINITE, "stimulus is Infinity"),
                bad("NaN response", v -> with(v, b -> b.putFloat(44, Float.NaN)), RejectReason.NON_FINITE,
                        "response of neuron 1 is NaN (1 of 3 responses not finite)"),
                bad("infinite responses", v -> with(v, b -> b.putFloat(40, Float.NEGATIVE_INFINITY)
                        .putFloat(48, Float.POSITIVE_INFINITY)), RejectReason.NON_FINITE,
                        "response of neuron 0 is -Infinity (2 of 3 responses not finite)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputGetsItsSpecificError(String name, byte[] bytes, RejectReason reason, String message) {
        FrameFormatException e = assertThrows(FrameFormatException.class, () -> FrameCodec.decode(bytes));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "'" + e.getMessage() + "' lacks '" + message + "'");
    }

    @Test
    void labelFollowsFlagRoundTripsAndOldFramesHaveNone() throws FrameFormatException {
        Frame later = new Frame(12, 5_000, Double.NaN, new float[] {1, 2}, Frame.LABEL_FOLLOWS);
        byte[] bytes = FrameCodec.encode(later);
        assertEquals(1, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(36));
        Frame back = FrameCodec.decode(bytes);
        assertEquals(later, back);
        assertTrue(back.labelFollows());
        Frame old = FrameCodec.decode(FrameCodec.encode(new Frame(12, 5_000, Double.NaN, new float[] {1, 2})));
        assertEquals(0, old.flags());
        assertTrue(!old.labelFollows());
        assertTrue(!later.equals(old), "the flag is part of the frame");
    }

    @Test
    void encodeRefusesWhatDecodeWouldRefuse() {
        IllegalArgumentException flagged = assertThrows(IllegalArgumentException.class,
                () -> FrameCodec.encode(new Frame(0, 0, 45, new float[] {1}, Frame.LABEL_FOLLOWS)));
        assertTrue(flagged.getMessage().contains("LABEL_FOLLOWS is set but the stimulus is 45.0"), flagged.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameCodec.encode(new Frame(0, 0, 1, new float[] {1, Float.NaN})));
        assertTrue(e.getMessage().contains("response of neuron 1 is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FrameCodec.encode(new Frame(0, 0, 1, new float[0])));
    }

    private static Arguments bad(String name, Function<byte[], byte[]> damage, RejectReason reason, String message) {
        byte[] valid = FrameCodec.encode(new Frame(3, 1_000, 90, new float[] {1, 2, 3}));
        return Arguments.of(name, damage.apply(valid), reason, message);
    }

    private static byte[] with(byte[] bytes, java.util.function.Consumer<ByteBuffer> edit) {
        byte[] copy = bytes.clone();
        edit.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        return copy;
    }

    private static Frame assertDoesNotFail(byte[] bytes) {
        try {
            return FrameCodec.decode(bytes);
        } catch (FrameFormatException e) {
            throw new AssertionError("valid frame refused: " + e.getMessage(), e);
        }
    }

    private static int finiteBits(SplittableRandom random) {
        while (true) {
            int bits = random.nextInt();
            if (Float.isFinite(Float.intBitsToFloat(bits))) {
                return bits;
            }
        }
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
