package io.livedecode.decoder.service;

import java.util.Locale;

/** Why a record of the snapshots topic was not used; the {@code reason} tag of the set-aside metric. */
public enum SetAsideReason {
    /** Not a record this build can parse: garbage, truncated, a foreign key. */
    MALFORMED,
    /** A format version this build does not read. */
    UNSUPPORTED_VERSION,
    /** Chunks missing, of another snapshot, or of the wrong total length. */
    INCOMPLETE,
    /** The joined chunks do not match the manifest's checksum. */
    CHECKSUM,
    /** The payload parsed but the models refused it (inconsistent contents). */
    UNREADABLE,
    /** The chunks could not be read back within the reader's deadline. */
    DEADLINE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
