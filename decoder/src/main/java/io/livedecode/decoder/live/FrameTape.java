package io.livedecode.decoder.live;

import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.RejectReason;
import java.util.Arrays;
import java.util.List;

/**
 * One session's frames on their way from the decoding loop to the live page: a bounded ring of
 * frames, each slot holding every variant's answer for one frame. The loop thread appends (a few
 * stores under the tape's monitor, no allocation); the page's timer copies the frames it has not
 * seen. A frame's records arrive together, one per variant; the frame is readable once all have
 * arrived, or once the next frame starts. A reader that falls a whole ring behind loses the oldest
 * frames for the page only, and is told how many.
 */
final class FrameTape {

    private final String session;
    private final String[] variants;
    private final int capacity;
    private final long[] frame;
    private final long[] acquiredNanos;
    private final double[] trueDegrees;
    private final double[] decodedDegrees;
    private final double[] errorDegrees;
    private final long[] modelVersion;
    private final long[] decodedNanos;
    private final long[] rejected = new long[FrameBatch.REASONS];
    /** Frames closed so far; frame number k lives in slot k % capacity. */
    private long closed;
    private boolean open;
    private int openFilled;
    private long unknownVariants;

    FrameTape(String session, List<String> variants, int capacity) {
        if (variants.isEmpty() || capacity < 2) {
            throw new IllegalArgumentException("a tape needs variants and room for 2 frames; got " + variants
                    + " and " + capacity);
        }
        this.session = session;
        this.variants = variants.toArray(String[]::new);
        this.capacity = capacity;
        int cells = capacity * this.variants.length;
        frame = new long[capacity];
        acquiredNanos = new long[capacity];
        trueDegrees = new double[capacity];
        decodedDegrees = new double[cells];
        errorDegrees = new double[cells];
        modelVersion = new long[cells];
        decodedNanos = new long[cells];
    }

    String session() {
        return session;
    }

    /** Called on the decoding loop's thread for every published record of this session. */
    synchronized void append(DecodedRecord record) {
        int v = variantIndex(record.variant());
        if (v < 0) {
            unknownVariants++;
            return;
        }
        int slot = (int) (closed % capacity);
        if (open && frame[slot] != record.frameIndex()) {
            // A frame that lacks a variant closes when the next one starts; its gap stays NaN.
            closeFrame();
            slot = (int) (closed % capacity);
        }
        if (!open) {
            open = true;
            openFilled = 0;
            frame[slot] = record.frameIndex();
            acquiredNanos[slot] = record.acquiredNanos();
            trueDegrees[slot] = record.trueDegrees();
            Arrays.fill(decodedDegrees, slot * variants.length, (slot + 1) * variants.length, Double.NaN);
        }
        int cell = slot * variants.length + v;
        decodedDegrees[cell] = record.decodedDegrees();
        errorDegrees[cell] = record.errorDegrees();
        modelVersion[cell] = record.modelVersion();
        decodedNanos[cell] = record.decodedNanos();
        if (++openFilled == variants.length) {
            closeFrame();
        }
    }

    synchronized void rejected(RejectReason reason) {
        rejected[reason.ordinal()]++;
    }

    /** Records whose variant this tape was not built for (the configuration names the variants). */
    synchronized long unknownVariants() {
        return unknownVariants;
    }

    /**
     * Copies the frames closed since {@code cursor} into {@code batch}, at most its capacity (the
     * newest ones when more are waiting), and the rejection counts; sets {@code batch.cursor}.
     */
    synchronized void drainInto(long cursor, FrameBatch batch) {
        if (batch.variants != variants.length) {
            throw new IllegalArgumentException("batch has " + batch.variants + " variants, tape " + variants.length);
        }
        batch.clear();
        // While a frame is open it is being written over the oldest slot.
        long oldest = Math.max(0, closed - capacity + (open ? 1 : 0));
        long from = Math.max(cursor, Math.max(oldest, closed - batch.capacity()));
        batch.overwritten = Math.max(0, from - cursor);
        int width = variants.length;
        for (long k = from; k < closed; k++) {
            int slot = (int) (k % capacity);
            int row = batch.size++;
            batch.frame[row] = frame[slot];
            batch.acquiredNanos[row] = acquiredNanos[slot];
            batch.trueDegrees[row] = trueDegrees[slot];
            System.arraycopy(decodedDegrees, slot * width, batch.decodedDegrees, row * width, width);
            System.arraycopy(errorDegrees, slot * width, batch.errorDegrees, row * width, width);
            System.arraycopy(modelVersion, slot * width, batch.modelVersion, row * width, width);
            System.arraycopy(decodedNanos, slot * width, batch.decodedNanos, row * width, width);
        }
        System.arraycopy(rejected, 0, batch.rejectedTotal, 0, rejected.length);
        batch.cursor = closed;
    }

    private void closeFrame() {
        closed++;
        open = false;
    }

    private int variantIndex(String name) {
        for (int i = 0; i < variants.length; i++) {
            // The loop passes the configured name objects themselves, so identity usually decides.
            if (variants[i] == name || variants[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
