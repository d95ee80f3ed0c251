package io.livedecode.decoder.model;

/** What a decoder step did with its frame. */
public enum StepOutcome {
    /** Labelled: decoded, scored, and learned from. */
    LEARNED,
    /** Unlabelled: decoded only. */
    DECODED_ONLY,
    /** Labelled, decoded and scored, but the update was refused (non-finite or diverging); the model is unchanged. */
    REFUSED
}
