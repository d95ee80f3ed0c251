package io.livedecode.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes and strictly decodes the label record, version 1: exactly 24 bytes, little-endian.
 *
 * <pre>
 * offset  size  type        field
 *      0     4  bytes       magic "LDLB" (0x4C 0x44 0x4C 0x42)
 *      4     2  uint16 LE   format version = 1
 *      6     2  uint16 LE   reserved, must be 0
 *      8     8  int64 LE    frame index, >= 0
 *     16     8  float64 LE  angle in degrees; NaN = the frame will not be labelled after all
 * </pre>
 *
 * In Python: {@code struct.pack("<4sHHqd", b"LDLB", 1, 0, index, angle)}. Every deviation is a
 * {@link FrameFormatException} naming the field, so a bad record is dead-lettered like a bad frame.
 */
public final class LabelCodec {

    public static final byte[] MAGIC = {'L', 'D', 'L', 'B'};
    public static final int VERSION = 1;
    public static final int BYTES = 24;

    private LabelCodec() {
    }

    /**
     * @throws IllegalArgumentException for a negative index or an infinite angle (it could not be decoded again)
     */
    public static byte[] encode(Label label) {
        try {
            check(label.frameIndex(), label.angleDegrees());
        } catch (FrameFormatException e) {
            throw new IllegalArgumentException("cannot encode label: " + e.getMessage(), e);
        }
        return ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put(MAGIC)
                .putShort((short) VERSION)
                .putShort((short) 0)
                .putLong(label.frameIndex())
                .putDouble(label.angleDegrees())
                .array();
    }

    public static Label decode(byte[] bytes) throws FrameFormatException {
        if (bytes == null) {
            throw new FrameFormatException(RejectReason.MALFORMED, "label value is null (a tombstone)");
        }
        if (bytes.length != BYTES) {
            throw new FrameFormatException(RejectReason.MALFORMED,
                    "label record has " + bytes.length + " bytes, version 1 has exactly " + BYTES);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new FrameFormatException(RejectReason.MALFORMED, String.format(
                        "bad label magic 0x%02X%02X%02X%02X, expected 0x4C444C42 (\"LDLB\")",
                        bytes[0], bytes[1], bytes[2], bytes[3]));
            }
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int version = Short.toUnsignedInt(buffer.getShort(4));
        if (version != VERSION) {
            throw new FrameFormatException(RejectReason.UNSUPPORTED_VERSION,
                    "unsupported label format version " + version + ", this build reads version " + VERSION);
        }
        int reserved = Short.toUnsignedInt(buffer.getShort(6));
        if (reserved != 0) {
            throw new FrameFormatException(RejectReason.MALFORMED, "label reserved field is " + reserved + ", must be 0");
        }
        long index = buffer.getLong(8);
        double angle = buffer.getDouble(16);
        check(index, angle);
        return new Label(index, angle);
    }

    private static void check(long index, double angle) throws FrameFormatException {
        if (index < 0) {
            throw new FrameFormatException(RejectReason.ABSURD_VALUE, "label frame index " + index + " is negative");
        }
        if (Double.isInfinite(angle)) {
            throw new FrameFormatException(RejectReason.NON_FINITE,
                    "label angle is " + angle + "; send NaN to withdraw a frame's label");
        }
    }
}
