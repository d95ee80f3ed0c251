package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.VariantMeters;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.StepResult;

/** One decoder variant of one session: its name, its model and its meters. */
public final class VariantSlot {

    private final String name;
    private final OnlineDecoder decoder;
    private final VariantMeters meters;
    private final StepResult result = new StepResult();
    private long processingNanos;

    VariantSlot(String name, OnlineDecoder decoder, VariantMeters meters) {
        this.name = name;
        this.decoder = decoder;
        this.meters = meters;
        meters.version(decoder.version());
    }

    public String name() {
        return name;
    }

    public OnlineDecoder decoder() {
        return decoder;
    }

    public VariantMeters meters() {
        return meters;
    }

    /** Decoding time carried over to the learning phase, so one frame's total is recorded once. */
    void addProcessingNanos(long nanos) {
        processingNanos += nanos;
    }

    long takeProcessingNanos() {
        long spent = processingNanos;
        processingNanos = 0;
        return spent;
    }

    /** Reused for every frame, so decoding allocates no result object. */
    StepResult result() {
        return result;
    }
}
