package io.livedecode.decoder.live;

import java.util.Arrays;

/**
 * The rows one chart shows, bounded: a ring of {@code capacity} rows of numeric columns, oldest
 * dropped first. It remembers how many rows the last update carried, so an update sends only rows
 * added since, and a snapshot sends them all. Columns are written column by column, as uPlot
 * takes its data: a few named columns, then the rest as one array per variant.
 */
final class PlotWindow {

    private final int capacity;
    private final String[] names;
    private final int[] decimals;
    private final String groupName;
    private final int columns;
    private final double[] cells;
    private long added;
    private long sent;

    /**
     * @param names     the leading columns' names
     * @param decimals  decimals of every column, leading ones first, then the group's
     * @param groupName name of the array holding the remaining columns (one per variant)
     */
    PlotWindow(int capacity, String[] names, int[] decimals, String groupName) {
        if (capacity < 1 || decimals.length < names.length) {
            throw new IllegalArgumentException("window of " + capacity + " rows with " + names.length + " names and "
                    + decimals.length + " columns");
        }
        this.capacity = capacity;
        this.names = names.clone();
        this.decimals = decimals.clone();
        this.groupName = groupName;
        this.columns = decimals.length;
        this.cells = new double[capacity * columns];
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return (int) Math.min(added, capacity);
    }

    /** Rows added since {@link #markSent()} that are still in the window. */
    int fresh() {
        return (int) Math.min(added - sent, size());
    }

    /** Starts a new newest row (all NaN) and returns its slot for {@link #set}. */
    int append() {
        int slot = (int) (added % capacity);
        Arrays.fill(cells, slot * columns, (slot + 1) * columns, Double.NaN);
        added++;
        return slot;
    }

    void set(int slot, int column, double value) {
        cells[slot * columns + column] = value;
    }

    /** Column {@code column} of the {@code i}-th row, 0 the oldest. */
    double get(int i, int column) {
        return cells[slot(i) * columns + column];
    }

    /** The newest row's value in {@code column}; NaN when empty. */
    double last(int column) {
        return size() == 0 ? Double.NaN : get(size() - 1, column);
    }

    void markSent() {
        sent = added;
    }

    /** Writes every row ({@code whole}) or only the fresh ones, as one JSON object of columns. */
    void write(JsonOut out, boolean whole) {
        int count = whole ? size() : fresh();
        int from = size() - count;
        out.beginObject();
        for (int c = 0; c < names.length; c++) {
            out.name(names[c]);
            column(out, c, from);
        }
        out.name(groupName).beginArray();
        for (int c = names.length; c < columns; c++) {
            column(out, c, from);
        }
        out.endArray().endObject();
    }

    private void column(JsonOut out, int c, int from) {
        out.beginArray();
        for (int i = from; i < size(); i++) {
            out.value(get(i, c), decimals[c]);
        }
        out.endArray();
    }

    private int slot(int i) {
        long oldest = added - size();
        return (int) ((oldest + i) % capacity);
    }
}
