package io.livedecode.decoder.metrics;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Meters of one decoder variant on one session: prequential error, updates, refused updates,
 * drift alarms, model version and rolling median error. Held by the session so the hot path never looks up a
 * meter by name. Sessions beyond the series cap share their series (see {@link SessionSeries}):
 * their error and counts add up there, their model version and median have no series of their own.
 */
public final class VariantMeters {

    private final SessionSeries.Series series;
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    VariantMeters(SessionSeries.Series series, Runnable release) {
        this.series = series;
        this.release = release;
    }

    public void error(double degrees) {
        series.error.record(degrees);
    }

    public void updated(long newVersion) {
        series.updates.increment();
        version(newVersion);
    }

    public void refused() {
        series.refused.increment();
    }

    public void driftAlarm() {
        series.driftAlarms.increment();
    }

    public void version(long current) {
        if (series.perSession) {
            series.modelVersion = current;
        }
    }

    public void medianError(double degrees) {
        if (series.perSession) {
            series.medianError = degrees;
        }
    }

    /** Releases this variant's meters, e.g. when its session is reset or evicted; again is a no-op. */
    public void remove() {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
