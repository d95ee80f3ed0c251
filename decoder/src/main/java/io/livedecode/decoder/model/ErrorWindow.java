package io.livedecode.decoder.model;

import java.util.Arrays;

/** The last {@code capacity} prequential errors plus an exponentially weighted mean of all of them. */
final class ErrorWindow {
    private final double[] values;
    private final double[] sorted;
    private final double alpha;
    private int size;
    private int next;
    private double ewma = Double.NaN;

    ErrorWindow(int capacity) {
        values = new double[capacity];
        sorted = new double[capacity];
        // The usual span convention: the weights' centre of mass lies (capacity - 1) / 2 frames back.
        alpha = 2.0 / (capacity + 1);
    }

    void add(double error) {
        values[next] = error;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
        ewma = Double.isNaN(ewma) ? error : ewma + alpha * (error - ewma);
    }

    int size() {
        return size;
    }

    double ewma() {
        return ewma;
    }

    double mean() {
        if (size == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return sum / size;
    }

    double median() {
        if (size == 0) {
            return Double.NaN;
        }
        System.arraycopy(values, 0, sorted, 0, size);
        Arrays.sort(sorted, 0, size);
        int h = size / 2;
        return size % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }

    void write(SnapshotOutput out) {
        out.writeInt(values.length);
        out.writeInt(size);
        out.writeInt(next);
        out.writeDouble(ewma);
        out.writeDoubles(values, 0, values.length);
    }

    void read(SnapshotInput in) {
        int capacity = in.readInt();
        if (capacity != values.length) {
            throw new InvalidSnapshotException(
                    "error window holds " + capacity + " frames in the snapshot, the configuration says " + values.length);
        }
        size = in.readInt();
        next = in.readInt();
        if (size < 0 || size > capacity || next < 0 || next >= capacity) {
            throw new InvalidSnapshotException(String.format(
                    "error window position is inconsistent: size %d, next %d, capacity %d", size, next, capacity));
        }
        ewma = in.readDouble();
        in.readDoubles(values, 0, values.length);
    }
}
