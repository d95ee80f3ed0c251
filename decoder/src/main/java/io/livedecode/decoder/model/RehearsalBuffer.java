package io.livedecode.decoder.model;

/**
 * A ring of the most recent labelled frames (raw responses and label), replayed to the network a
 * fixed number of times per labelled frame. Raw responses are kept so a replay is standardised
 * with the current statistics. Slots are allocated as the ring first fills, then reused.
 */
final class RehearsalBuffer {
    private final float[][] responses;
    private final double[] labels;
    private final int neurons;
    private int size;
    private int next;

    RehearsalBuffer(int capacity, int neurons) {
        this.responses = new float[capacity][];
        this.labels = new double[capacity];
        this.neurons = neurons;
    }

    int size() {
        return size;
    }

    void add(float[] x, double label) {
        if (responses[next] == null) {
            responses[next] = new float[neurons];
        }
        System.arraycopy(x, 0, responses[next], 0, neurons);
        labels[next] = label;
        next = (next + 1) % responses.length;
        size = Math.min(size + 1, responses.length);
    }

    /** Forgets every frame (the slots' memory is kept for reuse). */
    void clear() {
        size = 0;
        next = 0;
    }

    /** The responses of slot {@code i} in {@code [0, size())}; do not modify. */
    float[] responses(int i) {
        return responses[i];
    }

    double label(int i) {
        return labels[i];
    }

    long bytesEstimate() {
        return (long) size * (4L * neurons + 8);
    }

    void write(SnapshotOutput out) {
        out.writeInt(responses.length);
        out.writeInt(size);
        out.writeInt(next);
        for (int i = 0; i < size; i++) {
            out.writeDouble(labels[i]);
            out.writeFloats(responses[i], 0, neurons);
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
                responses[i] = new float[neurons];
            }
            in.readFloats(responses[i], 0, neurons);
        }
    }
}
