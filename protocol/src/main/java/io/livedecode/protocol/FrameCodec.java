package io.livedecode.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes and strictly decodes the frame wire format, version 1.
 *
 * <pre>
 * offset  size  type        field
 *      0     4  bytes       magic "LDFR" (0x4C 0x44 0x46 0x52)
 *      4     2  uint16 LE   format version = 1
 *      6     2  uint16 LE   header length in bytes = 40
 *      8     8  int64 LE    frame index within the session, >= 0
 *     16     8  int64 LE    acquisition time, ns since the Unix epoch, >= 0
 *     24     8  float64 LE  stimulus in degrees; NaN when unknown (unlabelled frame)
 *     32     4  uint32 LE   neuron count n, 1 .. 1,048,576
 *     36     4  uint32 LE   flags: bit 0 LABEL_FOLLOWS (stimulus NaN, label on the labels topic); others 0
 *     40    4n  float32 LE  responses, one per neuron, finite
 * </pre>
 *
 * The total length is exactly {@code 40 + 4n}. Decoding repairs nothing: every deviation is a
 * {@link FrameFormatException} whose message names the field and the numbers. Finite values of any
 * magnitude pass here; whether a value is plausible is the consumer's policy.
 */
public final class FrameCodec {

    public static final byte[] MAGIC = {'L', 'D', 'F', 'R'};
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 40;
    /** Four mebibytes of responses: far above any rig, low enough to refuse garbage counts early. */
    public static final int MAX_NEURONS = 1 << 20;

    private FrameCodec() {
    }

    /** Size in bytes of the encoded form of a frame with {@code neurons} responses. */
    public static int encodedSize(int neurons) {
        return HEADER_BYTES + Float.BYTES * neurons;
    }

    /**
     * Encodes a frame.
     *
     * @throws IllegalArgumentException if the frame could not be decoded again (bad count, negative
     *                                  index or time, non-finite response, infinite stimulus)
     */
    public static byte[] encode(Frame frame) {
        float[] responses = frame.responses();
        try {
            checkHeader(frame.frameIndex(), frame.acquiredNanos(), frame.stimulusDegrees(), responses.length);
            checkFlags(frame.flags(), frame.stimulusDegrees());
            checkFinite(responses);
        } catch (FrameFormatException e) {
            throw new IllegalArgumentException("cannot encode frame: " + e.getMessage(), e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(encodedSize(responses.length)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC)
                .putShort((short) VERSION)
                .putShort((short) HEADER_BYTES)
                .putLong(frame.frameIndex())
                .putLong(frame.acquiredNanos())
                .putDouble(frame.stimulusDegrees())
                .putInt(responses.length)
                .putInt(frame.flags());
        buffer.asFloatBuffer().put(responses);
        return buffer.array();
    }

    /** Decodes a frame, refusing anything that is not exactly a valid version-1 frame. */
    public static Frame decode(byte[] bytes) throws FrameFormatException {
        if (bytes == null) {
            throw new FrameFormatException(RejectReason.MALFORMED, "frame value is null (a tombstone)");
        }
        if (bytes.length < 8) {
            throw new FrameFormatException(RejectReason.MALFORMED,
                    "truncated header: " + bytes.length + " bytes, a frame has at least " + HEADER_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new FrameFormatException(RejectReason.MALFORMED, String.format(
                        "bad magic 0x%02X%02X%02X%02X, expected 0x4C444652 (\"LDFR\")",
                        bytes[0], bytes[1], bytes[2], bytes[3]));
            }
        }
        int version = Short.toUnsignedInt(buffer.getShort(4));
        if (version != VERSION) {
            throw new FrameFormatException(RejectReason.UNSUPPORTED_VERSION,
                    "unsupported frame format version " + version + ", this build reads version " + VERSION);
        }
        int headerBytes = Short.toUnsignedInt(buffer.getShort(6));
        if (headerBytes != HEADER_BYTES) {
            throw new FrameFormatException(RejectReason.MALFORMED,
                    "header length field is " + headerBytes + ", version 1 requires " + HEADER_BYTES);
        }
        if (bytes.length < HEADER_BYTES) {
            throw new FrameFormatException(RejectReason.MALFORMED,
                    "truncated header: " + bytes.length + " bytes, version 1 needs " + HEADER_BYTES);
        }
        long frameIndex = buffer.getLong(8);
        long acquiredNanos = buffer.getLong(16);
        double stimulus = buffer.getDouble(24);
        long neurons = Integer.toUnsignedLong(buffer.getInt(32));
        int flags = buffer.getInt(36);
        if (neurons < 1 || neurons > MAX_NEURONS) {
            throw new FrameFormatException(RejectReason.ABSURD_VALUE,
                    "neuron count " + neurons + " outside 1.." + MAX_NEURONS);
        }
        long expected = HEADER_BYTES + Float.BYTES * neurons;
        if (bytes.length != expected) {
            throw new FrameFormatException(RejectReason.MALFORMED, "declared neuron count " + neurons
                    + " needs " + expected + " bytes, the frame has " + bytes.length
                    + (bytes.length < expected ? " (truncated payload)" : " (trailing bytes)"));
        }
        checkHeader(frameIndex, acquiredNanos, stimulus, (int) neurons);
        checkFlags(flags, stimulus);
        float[] responses = new float[(int) neurons];
        buffer.position(HEADER_BYTES);
        buffer.asFloatBuffer().get(responses);
        checkFinite(responses);
        return new Frame(frameIndex, acquiredNanos, stimulus, responses, flags);
    }

    private static void checkHeader(long frameIndex, long acquiredNanos, double stimulus, int neurons)
            throws FrameFormatException {
        if (frameIndex < 0) {
            throw new FrameFormatException(RejectReason.ABSURD_VALUE, "frame index " + frameIndex + " is negative");
        }
        if (acquiredNanos < 0) {
            throw new FrameFormatException(RejectReason.ABSURD_VALUE,
                    "acquisition time " + acquiredNanos + " ns is before the Unix epoch");
        }
        if (Double.isInfinite(stimulus)) {
            throw new FrameFormatException(RejectReason.NON_FINITE,
                    "stimulus is " + stimulus + "; send NaN for an unlabelled frame");
        }
        if (neurons < 1 || neurons > MAX_NEURONS) {
            throw new FrameFormatException(RejectReason.ABSURD_VALUE,
                    "neuron count " + neurons + " outside 1.." + MAX_NEURONS);
        }
    }

    private static void checkFlags(int flags, double stimulus) throws FrameFormatException {
        if ((flags & ~Frame.LABEL_FOLLOWS) != 0) {
            throw new FrameFormatException(RejectReason.MALFORMED, "flags 0x" + Integer.toHexString(flags)
                    + ": only bit 0 (LABEL_FOLLOWS) is defined, the others must be 0");
        }
        if ((flags & Frame.LABEL_FOLLOWS) != 0 && !Double.isNaN(stimulus)) {
            // Two answers for one frame: the join could not tell which one the model should learn.
            throw new FrameFormatException(RejectReason.MALFORMED, "LABEL_FOLLOWS is set but the stimulus is "
                    + stimulus + "; a frame whose label comes later must carry NaN");
        }
    }

    private static void checkFinite(float[] responses) throws FrameFormatException {
        for (int i = 0; i < responses.length; i++) {
            if (!Float.isFinite(responses[i])) {
                int bad = 0;
                for (float r : responses) {
                    if (!Float.isFinite(r)) {
                        bad++;
                    }
                }
                throw new FrameFormatException(RejectReason.NON_FINITE, "response of neuron " + i
                        + " is " + responses[i] + " (" + bad + " of " + responses.length + " responses not finite)");
            }
        }
    }
}
