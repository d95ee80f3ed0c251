package io.livedecode.decoder.metrics;

/**
 * The steps of the decoding loop that {@code livedecode_stage_seconds{stage}} times. Frame stages are
 * recorded once per decoded frame (predict and learn once per variant); loop stages whenever the
 * loop does that work between frames.
 */
public enum Stage {
    /** Acquisition to the loop taking the frame up: the first Kafka hop, the fetch, and any wait behind other loop work. */
    POLL_WAIT("poll_wait", false),
    /** Parsing and checking the frame's bytes. */
    VALIDATE("validate", false),
    /** One variant's forward pass (standardise, predict, score). */
    PREDICT("predict", true),
    /** Writing the frame's decoded records as JSON. */
    SERIALISE("serialise", false),
    /** Handing the frame's records to the Kafka producer (the call, not the acknowledgement). */
    SEND("send", false),
    /** One variant's update from a labelled frame, after its records were sent: it delays the next frame. */
    LEARN("learn", true),
    /**
     * Waiting, after the send, for the broker to acknowledge the frame's records before learning
     * (at-least-once, when no further frame is waiting; see {@code delivery.learn-after-ack-ms}).
     */
    ACK_WAIT("ack_wait", false),
    /** Capturing a session's models on the loop thread for a snapshot: their arrays copied (loop stage). */
    SNAPSHOT("snapshot", false),
    /** Committing consumer offsets (at-least-once; loop stage). */
    COMMIT("commit", false);

    private final String code;
    private final boolean perVariant;

    Stage(String code, boolean perVariant) {
        this.code = code;
        this.perVariant = perVariant;
    }

    /** The {@code stage} label value. */
    public String code() {
        return code;
    }

    /** Whether the stage is timed per decoder variant ({@code variant} label set) or once for the loop. */
    public boolean perVariant() {
        return perVariant;
    }
}
