package io.livedecode.protocol;

/** A byte sequence that is not a valid frame; the message names the fault and the numbers. */
public final class FrameFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public FrameFormatException(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The dead-letter reason this fault maps to. */
    public RejectReason reason() {
        return reason;
    }
}
