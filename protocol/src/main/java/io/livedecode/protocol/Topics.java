package io.livedecode.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The topic names livedecode reads and writes, all sharing one configurable prefix.
 *
 * <ul>
 *   <li>{@code frames}: response frames from a rig or the simulator, key = session id;</li>
 *   <li>{@code decoded}: one JSON {@link DecodedRecord} per frame and decoder variant;</li>
 *   <li>{@code frames.dlq}: refused frames, original bytes, with {@link DeadLetterHeaders};</li>
 *   <li>{@code labels}: late labels of frames sent with LABEL_FOLLOWS, key = session id, {@link LabelCodec};</li>
 *   <li>{@code snapshots}: compacted, latest model snapshot per session.</li>
 * </ul>
 *
 * @param prefix prepended to every name, e.g. {@code "lab1."}; empty for none
 */
public record Topics(String prefix) {

    /** Kafka's own rule for topic names; the prefix must keep names legal. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

    public Topics {
        Objects.requireNonNull(prefix, "prefix");
        if (!LEGAL.matcher(prefix).matches() || prefix.length() > 200) {
            throw new IllegalArgumentException("topic prefix '" + prefix
                    + "' must be at most 200 characters of [a-zA-Z0-9._-]");
        }
    }

    /** Topics without a prefix. */
    public static Topics unprefixed() {
        return new Topics("");
    }

    public String frames() {
        return prefix + "frames";
    }

    public String decoded() {
        return prefix + "decoded";
    }

    public String deadLetter() {
        return prefix + "frames.dlq";
    }

    public String labels() {
        return prefix + "labels";
    }

    public String snapshots() {
        return prefix + "snapshots";
    }
}
