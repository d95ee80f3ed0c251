package io.livedecode.protocol;

import java.util.Locale;

/**
 * Why a frame was refused. The dead-letter topic carries the {@link #code()} in the
 * {@link DeadLetterHeaders#REASON} header, and the rejected-frames metric is tagged with it, so the
 * set of codes is part of the wire contract.
 */
public enum RejectReason {
    /** The value is not a frame: bad magic, truncated, inconsistent lengths. */
    MALFORMED,
    /** The frame declares a format version this build does not read. */
    UNSUPPORTED_VERSION,
    /** The record has no key, so it belongs to no session. */
    MISSING_KEY,
    /** The neuron count differs from the one fixed by the session's first frame. */
    NEURON_COUNT_MISMATCH,
    /** A response or the stimulus is NaN or infinite where a number is required. */
    NON_FINITE,
    /** A value is finite but outside what any recording produces. */
    ABSURD_VALUE,
    /** A well-formed frame with more neurons than the decoder accepts (its configured limit). */
    TOO_MANY_NEURONS;

    /** The lower-case code used on the wire and in metric tags, e.g. {@code neuron_count_mismatch}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a code as written by {@link #code()}.
     *
     * @throws IllegalArgumentException naming the code and the accepted ones
     */
    public static RejectReason fromCode(String code) {
        for (RejectReason reason : values()) {
            if (reason.code().equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown reject reason '" + code + "'; expected one of "
                + java.util.Arrays.stream(values()).map(RejectReason::code).toList());
    }
}
