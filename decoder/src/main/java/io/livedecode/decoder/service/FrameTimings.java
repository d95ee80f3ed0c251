package io.livedecode.decoder.service;

import java.util.Arrays;

/**
 * The timings of one decoded frame, in nanoseconds: one instance, reused by the loop for every frame
 * (so timing allocates nothing), handed to a {@link StageListener} when the frame is done.
 */
public final class FrameTimings {

    private String session;
    private long frameIndex;
    private long pollWait;
    private long validate;
    private long serialise;
    private long send;
    private long sentEpochNanos;
    private long ackWait;
    private String[] variants = new String[4];
    private long[] predict = new long[4];
    private long[] learn = new long[4];
    private int variantCount;

    void begin(String sessionId, long index, long pollWaitNanos, long validateNanos, int variantsOfSession) {
        session = sessionId;
        frameIndex = index;
        pollWait = pollWaitNanos;
        validate = validateNanos;
        serialise = 0;
        send = 0;
        sentEpochNanos = 0;
        ackWait = 0;
        if (variants.length < variantsOfSession) {
            variants = new String[variantsOfSession];
            predict = new long[variantsOfSession];
            learn = new long[variantsOfSession];
        }
        Arrays.fill(predict, 0);
        Arrays.fill(learn, 0);
        variantCount = variantsOfSession;
    }

    void predicted(int slot, String variant, long nanos) {
        variants[slot] = variant;
        predict[slot] = nanos;
    }

    void ackWaited(long nanos) {
        ackWait = nanos;
    }

    void learned(int slot, long nanos) {
        learn[slot] = nanos;
    }

    void sent(long serialiseNanos, long sendNanos, long sentAt) {
        serialise += serialiseNanos;
        send += sendNanos;
        sentEpochNanos = sentAt;
    }

    public String session() {
        return session;
    }

    public long frameIndex() {
        return frameIndex;
    }

    /** Acquisition (the frame's own timestamp) to the loop taking it up. */
    public long pollWait() {
        return pollWait;
    }

    public long validate() {
        return validate;
    }

    /** All of the frame's records, serialised. */
    public long serialise() {
        return serialise;
    }

    /** All of the frame's records, handed to the producer. */
    public long send() {
        return send;
    }

    /** Wall clock (epoch ns) when the frame's last record had been handed to the producer. */
    public long sentEpochNanos() {
        return sentEpochNanos;
    }

    /** After the send, waiting for the records' acknowledgement before learning (0 when it did not wait). */
    public long ackWait() {
        return ackWait;
    }

    public int variantCount() {
        return variantCount;
    }

    public String variant(int slot) {
        return variants[slot];
    }

    public long predict(int slot) {
        return predict[slot];
    }

    public long learn(int slot) {
        return learn[slot];
    }
}
