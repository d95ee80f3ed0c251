package io.livedecode.decoder.service;

/** Sees what the decoding loop publishes. Called on the loop thread after a frame's records are sent; must not block. */
public interface OutputListener {
    OutputListener NONE = new OutputListener() { };

    /** One published decoded record (one per frame and variant). */
    default void decoded(io.livedecode.protocol.DecodedRecord record) { }

    /** One frame sent to the dead-letter topic; {@code session} is null when the record had no usable key. */
    default void rejected(String session, io.livedecode.protocol.RejectReason reason) { }
}
