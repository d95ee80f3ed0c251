package io.livedecode.decoder.live;

import io.livedecode.protocol.DecodedRecord;

/** Decoded records as the decoding loop publishes them, for the page's tests. */
final class Records {

    /** Acquisition time of frame 0, epoch ns. */
    static final long EPOCH_NANOS = 1_764_403_200_000_000_000L;

    private Records() {
    }

    /**
     * Frame {@code frame} of a session at {@code hertz}, as decoded by {@code variant}: truth cycles
     * through the period, the decoded angle misses it by {@code miss} degrees, latency 3 ms plus the
     * variant's position in ms.
     */
    static DecodedRecord record(String session, long frame, String variant, int variantIndex, double hertz,
                                double miss) {
        long acquired = EPOCH_NANOS + (long) (frame * 1e9 / hertz);
        double truth = (frame * 7.3) % 360;
        double decoded = (truth + miss + 360) % 360;
        return new DecodedRecord(session, frame, variant, decoded, truth, Math.abs(miss), frame, acquired,
                acquired + 3_000_000L + variantIndex * 1_000_000L);
    }
}
