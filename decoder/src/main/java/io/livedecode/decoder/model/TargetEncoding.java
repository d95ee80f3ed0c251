package io.livedecode.decoder.model;

/** How the stimulus angle is turned into regression targets and back. */
public enum TargetEncoding {
    /**
     * Two outputs, (cos t, sin t) with t = 2 pi angle / period, decoded with atan2. Continuous
     * across the wrap: 359 and 1 degrees are neighbours.
     */
    COS_SIN(2),
    /**
     * One output, the angle regressed as a linear quantity (scaled by 1/period so the same
     * learning rates are stable). Kept as the baseline the teaching exercise uses: it treats
     * 359 and 1 degrees as opposite ends of the range and so fails at the wrap.
     */
    RAW_DEGREES(1);

    private final int outputs;

    TargetEncoding(int outputs) {
        this.outputs = outputs;
    }

    /** Number of network outputs this encoding needs. */
    public int outputs() {
        return outputs;
    }
}
