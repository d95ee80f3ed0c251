package io.livedecode.decoder.service;

/**
 * Which frame indices of one session have arrived, to count lost, repeated and reordered frames
 * exactly. It remembers the last {@value #WINDOW} indices up to the newest one seen: an index in
 * that window that has not arrived may still come (late, reordered); once a frame {@value #WINDOW}
 * or more indices newer has arrived, the index is counted missing for good. So a frame is counted
 * missing exactly once and never if it merely came out of order, at the price of counting it a
 * window's worth of frames late (about 8 s at 30 Hz). Indices before the session's first frame
 * are not counted missing. Loop thread only.
 */
final class FrameSequence {

    /** Indices remembered behind the newest; a power of two. */
    static final int WINDOW = 256;

    /** What one frame's index says about the stream. */
    enum Arrival {
        /** The session's first frame here. */
        FIRST,
        /** The next index after the newest, or a jump ahead (the skipped ones may still come). */
        NEWEST,
        /** An index already seen within the window. */
        REPEATED,
        /** An older index not seen before: it came after a later frame. */
        REORDERED,
        /** Older than the window: it came after a frame {@value #WINDOW} or more later (and was counted missing, unless it is a repeat). */
        TOO_LATE
    }

    /**
     * @param arrival what the frame was
     * @param missing indices that fell out of the window without arriving, counted by this frame
     */
    record Observation(Arrival arrival, long missing) {
    }

    private final long[] seen = new long[WINDOW / 64];
    private long first;
    private long newest = Long.MIN_VALUE;

    Observation observe(long index) {
        if (newest == Long.MIN_VALUE) {
            first = index;
            newest = index;
            mark(index);
            return new Observation(Arrival.FIRST, 0);
        }
        if (index > newest) {
            long missing = advance(index);
            return new Observation(Arrival.NEWEST, missing);
        }
        if (index <= newest - WINDOW) {
            return new Observation(Arrival.TOO_LATE, 0);
        }
        if (isSeen(index)) {
            return new Observation(Arrival.REPEATED, 0);
        }
        mark(index);
        return new Observation(Arrival.REORDERED, 0);
    }

    /** Moves the window's front to {@code index}; returns the indices that left it unseen. */
    private long advance(long index) {
        long missing = 0;
        long leaveEnd = index - WINDOW;
        // Indices in the old window that now leave it.
        long from = Math.max(newest - WINDOW + 1, first);
        long to = Math.min(newest, leaveEnd);
        for (long i = from; i <= to; i++) {
            if (!isSeen(i)) {
                missing++;
            }
        }
        // Indices skipped over that never entered the window at all.
        if (leaveEnd > newest) {
            missing += leaveEnd - newest;
        }
        // Slots the new front takes over still hold bits of indices a window older.
        for (long i = Math.max(newest + 1, index - WINDOW + 1); i <= index; i++) {
            clear(i);
        }
        newest = index;
        mark(index);
        return missing;
    }

    private boolean isSeen(long index) {
        int slot = (int) (index & (WINDOW - 1));
        return (seen[slot >>> 6] & (1L << slot)) != 0;
    }

    private void mark(long index) {
        int slot = (int) (index & (WINDOW - 1));
        seen[slot >>> 6] |= 1L << slot;
    }

    private void clear(long index) {
        int slot = (int) (index & (WINDOW - 1));
        seen[slot >>> 6] &= ~(1L << slot);
    }
}
