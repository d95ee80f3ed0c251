package io.livedecode.decoder.model;

/** How a gradient becomes a weight step. */
public enum Optimizer {
    /** Plain stochastic gradient descent (with optional momentum). */
    SGD,
    /**
     * RMSProp: each weight's step is its gradient divided by the root of a running mean of its
     * squared gradients (Smile's formulation, applied per sample rather than per mini-batch).
     */
    RMSPROP
}
