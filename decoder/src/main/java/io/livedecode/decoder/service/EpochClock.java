package io.livedecode.decoder.service;

import java.time.Instant;

/** Wall-clock time in nanoseconds since the Unix epoch, the unit of every frame timestamp. */
public final class EpochClock {

    private EpochClock() {
    }

    public static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
