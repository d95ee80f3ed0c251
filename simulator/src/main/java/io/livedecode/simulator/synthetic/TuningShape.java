package io.livedecode.simulator.synthetic;

/**
 * The shape of a neuron's mean response as a function of the angle {@code delta} between the
 * stimulus and its preferred direction. {@code kappa} sets the width of every shape.
 */
public enum TuningShape {
    /**
     * A von Mises bump on the orientation-doubled angle, {@code exp(kappa (cos 2 delta - 1))}, with
     * a weaker lobe at the null direction (the built-in session's shape).
     */
    VON_MISES,
    /**
     * A cosine of the doubled angle cut off below a threshold, {@code max(0, cos 2 delta - c) / (1 - c)}
     * with {@code c = 1 - 2 / (1 + kappa)}: a kinked, flat-bottomed curve whose half-width shrinks
     * with kappa, unlike the smooth von Mises tails. Orientation and direction lobes as for von Mises.
     */
    TRUNCATED_COSINE,
    /**
     * A single von Mises lobe on the direction itself, {@code exp(kappa (cos delta - 1))}: direction
     * tuning without an opposite lobe. Only meaningful for a 360-degree period.
     */
    DIRECTION_VON_MISES
}
