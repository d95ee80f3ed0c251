package io.livedecode.simulator.replay;

import java.util.Locale;

/** What a replay sent: frames, labelled frames, bytes and the time it took. */
public record ReplaySummary(long frames, long labelled, long bytes, long elapsedNanos) {

    public double framesPerSecond() {
        return elapsedNanos == 0 ? 0 : frames * 1e9 / elapsedNanos;
    }

    public double megabytesPerSecond() {
        return elapsedNanos == 0 ? 0 : bytes / 1e6 * 1e9 / elapsedNanos;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "sent %,d frames (%,d labelled), %.1f MB in %.2f s: %.1f frames/s, %.1f MB/s",
                frames, labelled, bytes / 1e6, elapsedNanos / 1e9, framesPerSecond(), megabytesPerSecond());
    }
}
