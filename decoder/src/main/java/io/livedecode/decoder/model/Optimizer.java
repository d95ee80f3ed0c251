package io.livedecode.decoder.model;

/** How a gradient becomes a weight step. */
public enum Optimizer {
    /** Plain stochastic gradient descent (with optional momentum), PyTorch's {@code optim.SGD}. */
    SGD,
    /**
     * RMSProp: each weight's step is its gradient divided by the root of a running mean of its
     * squared gradients (Smile's formulation, epsilon under the square root, applied per sample).
     */
    RMSPROP,
    /**
     * RMSProp with factored mean squares (Adafactor's estimate, without its other parts): one
     * running mean square per output row and one per input column instead of one per weight, so
     * the step of weight (i, j) is {@code g_i x_j sqrt(mean r) / (sqrt(r_i) sqrt(c_j))}. Steps are
     * normalised as RMSProp's are, but the update reads and writes only the weights, as plain SGD
     * does: about half of RMSProp's memory traffic and no weight-sized buffer. Biases keep a mean
     * square each (as RMSProp).
     */
    RMSPROP_FACTORED,
    /**
     * Adam with bias correction, PyTorch's {@code optim.Adam} (epsilon added to the root): running
     * means of the gradient and of its square, each divided by {@code 1 - beta^t}; the step of every
     * weight is about the learning rate whatever the scale of its gradient.
     */
    ADAM
}
