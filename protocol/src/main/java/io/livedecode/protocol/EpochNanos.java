package io.livedecode.protocol;

import java.time.Instant;

/**
 * Wall-clock time in nanoseconds since the Unix epoch: the unit of a frame's acquisition time and
 * of a decoded record's timestamps, so that latency is a difference any consumer can take.
 */
public final class EpochNanos {

    private EpochNanos() {
    }

    public static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
