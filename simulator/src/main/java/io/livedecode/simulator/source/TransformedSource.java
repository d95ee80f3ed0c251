package io.livedecode.simulator.source;

import java.util.Objects;

/**
 * A trial source that rewrites another source's responses in place, trial by trial; the neuron
 * count, the trial count and the stimuli are the base source's.
 */
public abstract class TransformedSource implements TrialSource {

    private final TrialSource base;

    protected TransformedSource(TrialSource base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    @Override
    public final int neurons() {
        return base.neurons();
    }

    @Override
    public final int trials() {
        return base.trials();
    }

    @Override
    public final Trial trial(int index) {
        Trial t = base.trial(index);
        rewrite(index, t.responses());
        return t;
    }

    /** Rewrites the responses of trial {@code index} in place; as reproducible as the base's trial. */
    protected abstract void rewrite(int index, float[] responses);
}
