package io.livedecode.protocol;

/**
 * Kafka header names on records in the dead-letter topic. The record keeps the original key and
 * value bytes untouched, so a rejected frame can be inspected or replayed after a fix.
 */
public final class DeadLetterHeaders {

    /** The {@link RejectReason#code()} of the refusal (UTF-8). */
    public static final String REASON = "livedecode.reason";
    /** A human-readable explanation naming the fault and the numbers (UTF-8). */
    public static final String DETAIL = "livedecode.detail";
    /** Topic, partition and offset the frame was read from, as {@code topic/partition/offset}. */
    public static final String SOURCE = "livedecode.source";

    private DeadLetterHeaders() {
    }
}
