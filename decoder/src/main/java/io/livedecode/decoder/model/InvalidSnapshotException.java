package io.livedecode.decoder.model;

/**
 * A decoder snapshot that cannot be restored: wrong magic, unsupported format version,
 * checksum mismatch, truncation, inconsistent contents, or a configuration other than the one
 * expected.
 */
public final class InvalidSnapshotException extends IllegalArgumentException {

    /** Creates the exception with a message saying what is wrong. */
    public InvalidSnapshotException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the low-level cause. */
    public InvalidSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
