package io.livedecode.decoder.live;

/**
 * Chooses which of the frames that arrived since the last update an update carries: all of them
 * when they fit, otherwise at most {@code max} spread evenly over the batch and always the newest.
 * Angles are circular, so frames are picked, never averaged (the mean of 359 and 1 is not 180).
 */
final class Decimator {

    private Decimator() {
    }

    /**
     * Writes into {@code picked} the positions, ascending, of the frames to keep among {@code n};
     * returns how many were written (at most {@code max}, and {@code n - 1} is always among them).
     */
    static int pick(int n, int max, int[] picked) {
        if (max < 1) {
            throw new IllegalArgumentException("an update must carry at least one frame, not " + max);
        }
        if (picked.length < Math.min(n, max)) {
            throw new IllegalArgumentException("room for " + picked.length + " positions, need " + Math.min(n, max));
        }
        if (n <= max) {
            for (int i = 0; i < n; i++) {
                picked[i] = i;
            }
            return Math.max(n, 0);
        }
        // The i-th pick closes the i-th of max equal stretches of the batch, so the last is n - 1.
        for (int i = 0; i < max; i++) {
            picked[i] = (int) ((long) (i + 1) * n / max) - 1;
        }
        return max;
    }
}
