package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Frame;
import java.time.Duration;

/**
 * How each frame arrived: its index against the session's earlier ones ({@link FrameSequence}:
 * missing, repeated, reordered) and its acquisition time against this machine's clock (stale if
 * older than the configured age, from the future if ahead by more than the configured skew).
 * Only counted and flagged: every frame is still decoded and learned from as it comes, so the
 * models' results stay a function of the frames topic alone. Replayed frames (recovery) rebuild
 * the sequence but count nothing: they were counted when they first came.
 */
final class ArrivalChecks {

    private final long maxAgeNanos;
    private final long maxSkewNanos;
    private final DecoderMetrics metrics;

    ArrivalChecks(Duration maxAge, Duration maxClockSkew, DecoderMetrics metrics) {
        this.maxAgeNanos = maxAge.toNanos();
        this.maxSkewNanos = maxClockSkew.toNanos();
        this.metrics = metrics;
    }

    /** Counts what the frame's index and time say; returns whether it is stale (flagged in its records). */
    boolean check(Session session, Frame frame, boolean replaying) {
        FrameSequence.Observation seen = session.sequence().observe(frame.frameIndex());
        if (replaying) {
            return false;
        }
        if (seen.missing() > 0) {
            metrics.framesMissing(seen.missing());
        }
        switch (seen.arrival()) {
            case REPEATED -> metrics.frameRepeated();
            case REORDERED, TOO_LATE -> metrics.frameReordered();
            case FIRST, NEWEST -> { }
        }
        long age = EpochNanos.now() - frame.acquiredNanos();
        if (age > maxAgeNanos) {
            metrics.frameStale();
            return true;
        }
        if (-age > maxSkewNanos) {
            metrics.frameFromTheFuture();
        }
        return false;
    }
}
