package io.livedecode.simulator.source;

/**
 * A session that can be replayed: a fixed number of trials over a fixed neuron population,
 * readable in any order. Synthetic sources compute a trial on demand, so a whole session never
 * needs to be held in memory; file-backed sources read from what they loaded.
 */
public interface TrialSource {

    /** Number of neurons in every trial. */
    int neurons();

    /** Number of trials in the session. */
    int trials();

    /**
     * Returns trial {@code index}; the same index always yields the same trial, bit for bit.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, trials())}
     */
    Trial trial(int index);
}
