package io.livedecode.decoder.model;

/** How an L1 strength {@code l1} acts on the weights (biases are never penalised). */
public enum L1Mode {
    /**
     * After each update every weight is soft-thresholded by {@code lr * l1} (a proximal step): small
     * weights become exactly zero and stay there until a gradient pushes them out.
     */
    PROXIMAL,
    /**
     * {@code l1 * sum |W|} is added to the loss, as the teaching exercise does in PyTorch: each update
     * also subtracts {@code lr * l1 * sign(w)}, which makes weights oscillate around zero instead of
     * reaching it.
     */
    SUBGRADIENT
}
