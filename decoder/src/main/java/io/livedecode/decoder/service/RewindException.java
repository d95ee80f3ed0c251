package io.livedecode.decoder.service;

/** A partition must be rebuilt from its last commit before it can go on (e.g. a snapshot set aside mid-stream). */
final class RewindException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int partition;
    final String cause;

    RewindException(int partition, String cause, String message) {
        super(message);
        this.partition = partition;
        this.cause = cause;
    }
}
