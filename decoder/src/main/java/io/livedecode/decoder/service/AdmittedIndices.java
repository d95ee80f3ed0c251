package io.livedecode.decoder.service;

import java.util.Arrays;

/**
 * Which frame indices of a session have been admitted to its join, exactly for the {@value #WINDOW}
 * indices below the highest one (a ring of bits), and counted as admitted further back. A label for
 * an index below the highest whose frame has not come (a reordered frame) is then kept for it,
 * instead of being taken for the label of a frame already gone. 8 KiB per session.
 */
final class AdmittedIndices {

    static final int WINDOW = 1 << 16;
    private static final int WORDS = WINDOW / Long.SIZE;

    private final long[] bits = new long[WORDS];
    private long highest = -1;

    long highest() {
        return highest;
    }

    void add(long index) {
        if (index > highest) {
            clearBetween(highest, index);
            highest = index;
        } else if (highest - index >= WINDOW) {
            return;  // already counted as admitted
        }
        int slot = slot(index);
        bits[slot >>> 6] |= 1L << slot;
    }

    boolean seen(long index) {
        if (index > highest) {
            return false;
        }
        if (highest - index >= WINDOW) {
            return true;
        }
        int slot = slot(index);
        return (bits[slot >>> 6] & (1L << slot)) != 0;
    }

    /** Clears the ring bits of the indices strictly between {@code from} and {@code to}: not admitted yet. */
    private void clearBetween(long from, long to) {
        if (from < 0 || to - from > WINDOW) {
            Arrays.fill(bits, 0);
            return;
        }
        for (long i = from + 1; i < to; i++) {
            int slot = slot(i);
            bits[slot >>> 6] &= ~(1L << slot);
        }
    }

    private static int slot(long index) {
        return (int) Math.floorMod(index, (long) WINDOW);
    }

    /**
     * The lowest index not admitted: every index below it is (the window's start if all are). In an
     * ordered stream it is {@code highest + 1}, and {@link #gapWords} is empty.
     */
    long floor() {
        if (highest < 0) {
            return 0;
        }
        long start = Math.max(0, highest - WINDOW + 1);
        for (long i = start; i <= highest; i++) {
            if (!seen(i)) {
                return i;
            }
        }
        return highest + 1;
    }

    /** The admitted bits of indices {@code floor .. highest}, 64 per word, lowest index in bit 0 of word 0. */
    long[] gapWords(long floor) {
        int n = (int) Math.max(0, highest - floor + 1);
        long[] words = new long[(n + 63) / 64];
        for (int k = 0; k < n; k++) {
            if (seen(floor + k)) {
                words[k >>> 6] |= 1L << k;
            }
        }
        return words;
    }

    /** The record {@link #floor} and {@link #gapWords} describe. */
    static AdmittedIndices of(long highest, long floor, long[] words) {
        AdmittedIndices a = new AdmittedIndices();
        if (highest < 0) {
            return a;
        }
        if (floor > highest + 1 || highest - floor >= WINDOW || words.length != (highest - floor + 64) / 64) {
            throw new IllegalArgumentException("admitted indices: highest " + highest + ", floor " + floor + ", "
                    + words.length + " words");
        }
        a.highest = highest;
        Arrays.fill(a.bits, -1L);  // below the floor, everything was admitted
        for (long i = floor; i <= highest; i++) {
            long k = i - floor;
            if ((words[(int) (k >>> 6)] & (1L << k)) == 0) {
                int slot = slot(i);
                a.bits[slot >>> 6] &= ~(1L << slot);
            }
        }
        return a;
    }

    AdmittedIndices copy() {
        AdmittedIndices a = new AdmittedIndices();
        System.arraycopy(bits, 0, a.bits, 0, WORDS);
        a.highest = highest;
        return a;
    }
}
