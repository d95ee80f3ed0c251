package io.livedecode.decoder.service;

import java.util.List;

/**
 * One recording: its id (the record key), the frame partition it lives on, the neuron count
 * fixed by its first frame, and one model per decoder variant; plus when it last had a frame,
 * for snapshots (has it changed?) and eviction (is it idle?). Loop thread only.
 */
public final class Session {

    private final String id;
    private final int partition;
    private final int neurons;
    private final List<VariantSlot> variants;
    private long lastFrameOffset = -1;
    private long lastSeenNanos = System.nanoTime();
    private final FrameSequence sequence = new FrameSequence();
    private boolean labelFollowsWarned;

    Session(String id, int partition, int neurons, List<VariantSlot> variants) {
        this.id = id;
        this.partition = partition;
        this.neurons = neurons;
        this.variants = List.copyOf(variants);
    }

    public String id() {
        return id;
    }

    public int partition() {
        return partition;
    }

    public int neurons() {
        return neurons;
    }

    public List<VariantSlot> variants() {
        return variants;
    }

    /** Offset of the last frame applied to the models, or -1 if none since they were created or restored. */
    long lastFrameOffset() {
        return lastFrameOffset;
    }

    /** The frame indices seen since the models were created or restored here. */
    FrameSequence sequence() {
        return sequence;
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    void applied(long offset) {
        lastFrameOffset = offset;
        lastSeenNanos = System.nanoTime();
    }

    /** True the first time it is called: a warning about the session's frames is logged once. */
    boolean firstLabelFollowsWarning() {
        boolean first = !labelFollowsWarned;
        labelFollowsWarned = true;
        return first;
    }

    void releaseMeters() {
        variants.forEach(v -> v.meters().remove());
    }
}
