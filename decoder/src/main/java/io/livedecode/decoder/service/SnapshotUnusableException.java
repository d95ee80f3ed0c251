package io.livedecode.decoder.service;

/** A snapshot or catalog record that cannot be used, with the reason it is set aside. */
final class SnapshotUnusableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SetAsideReason reason;

    SnapshotUnusableException(SetAsideReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    SetAsideReason reason() {
        return reason;
    }
}
