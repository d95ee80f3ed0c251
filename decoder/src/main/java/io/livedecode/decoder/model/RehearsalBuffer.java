package io.livedecode.decoder.model;

/**
 * A ring of the most recent labelled frames (raw responses and label), replayed to the network a
 * fixed number of times per labelled frame. Raw responses are kept so a replay is standardised
 * with the current statistics. Slots are allocated as the ring first fills, then reused.
 *
 * <p>Responses are kept as bfloat16 (the top 16 bits of a float32, rounded to nearest even): half
 * the memory and half the snapshot bytes of float32, and a relative error of at most 2^-8, far
 * below the trial-to-trial noise of any recording. A replay sees exactly the bits the buffer (and
 * so a snapshot of it) holds, which keeps restored models bit-exact.
 */
final class RehearsalBuffer {
    private final short[][] responses;
    private final double[] labels;
    private final int neurons;
    private int size;
    private int next;

    RehearsalBuffer(int capacity, int neurons) {
        this.responses = new short[capacity][];
        this.labels = new double[capacity];
        this.neurons = neurons;
    }

    int size() {
        return size;
    }

    void add(float[] x, double label) {
        if (responses[next] == null) {
            responses[next] = new short[neurons];
        }
        short[] slot = responses[next];
        for (int i = 0; i < neurons; i++) {
            slot[i] = toBfloat16(x[i]);
        }
        labels[next] = label;
        next = (next + 1) % responses.length;
        size = Math.min(size + 1, responses.length);
    }

    /** Forgets every frame (the slots' memory is kept for reuse). */
    void clear() {
        size = 0;
        next = 0;
    }

    /** Widens the responses of slot {@code i} in {@code [0, size())} into {@code into}. */
    void responses(int i, float[] into) {
        short[] slot = responses[i];
        for (int k = 0; k < neurons; k++) {
            into[k] = fromBfloat16(slot[k]);
        }
    }

    double label(int i) {
        return labels[i];
    }

    long bytesEstimate() {
        return (long) size * (2L * neurons + 8);
    }

    /**
     * Rounds a finite float to the nearest bfloat16 (ties to even). A value so close to
     * {@link Float#MAX_VALUE} that rounding would overflow is truncated instead, so the result is
     * always finite.
     */
    static short toBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        if ((rounded & 0x7F80_0000) == 0x7F80_0000) {
            rounded = bits;
        }
        return (short) (rounded >>> 16);
    }

    static float fromBfloat16(short b) {
        return Float.intBitsToFloat(b << 16);
    }

    void write(SnapshotOutput out) {
        out.writeInt(responses.length);
        out.writeInt(size);
        out.writeInt(next);
        for (int i = 0; i < size; i++) {
            out.writeDouble(labels[i]);
            out.writeShorts(responses[i], 0, neurons);
        }
    }

    void read(SnapshotInput in) {
        int capacity = in.readInt();
        if (capacity != responses.length) {
            throw new InvalidSnapshotException(
                    "rehearsal buffer holds " + capacity + " frames in the snapshot, the configuration says " + responses.length);
        }
        size = in.readInt();
        next = in.readInt();
        boolean consistent = size >= 0 && size <= capacity && next >= 0 && next < capacity
                && (size == capacity || next == size);
        if (!consistent) {
            throw new InvalidSnapshotException(String.format(
                    "rehearsal buffer position is inconsistent: size %d, next %d, capacity %d", size, next, capacity));
        }
        for (int i = 0; i < size; i++) {
            labels[i] = in.readDouble();
            if (responses[i] == null) {
                responses[i] = new short[neurons];
            }
            in.readShorts(responses[i], 0, neurons);
        }
    }
}
