package io.livedecode.decoder.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * Meters of one decoder variant on one session: prequential error, updates, refused updates,
 * drift alarms, model version and rolling median error. Held by the session so the hot path never looks up a
 * meter by name.
 */
public final class VariantMeters {

    /** Error histogram bucket bounds in degrees: fine near zero, where good decoders live. */
    private static final double[] ERROR_BUCKETS = {0.25, 0.5, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 90, 135, 180};

    private final MeterRegistry registry;
    private final DistributionSummary error;
    private final Counter updates;
    private final Counter refused;
    private final Counter driftAlarms;
    private final Gauge version;
    private final Gauge median;
    private volatile long modelVersion;
    private volatile double medianError = Double.NaN;

    VariantMeters(MeterRegistry registry, String session, String variant) {
        this.registry = registry;
        Tags tags = Tags.of("session", session, "variant", variant);
        this.error = DistributionSummary.builder("livedecode.prequential.error").baseUnit("degrees")
                .description("Absolute circular error of labelled frames, measured before learning from them")
                .tags(tags).serviceLevelObjectives(ERROR_BUCKETS).register(registry);
        this.updates = Counter.builder("livedecode.model.updates").tags(tags)
                .description("Model updates applied").register(registry);
        this.refused = Counter.builder("livedecode.updates.refused").tags(tags)
                .description("Updates refused because their result was not finite").register(registry);
        this.driftAlarms = Counter.builder("livedecode.drift.alarms").tags(tags)
                .description("Times the drift detector on the prequential error fired (the model then adapts faster)")
                .register(registry);
        this.version = Gauge.builder("livedecode.model.version", this, m -> m.modelVersion).tags(tags)
                .description("Updates the model has applied").register(registry);
        this.median = Gauge.builder("livedecode.prequential.error.median", this, m -> m.medianError).tags(tags)
                .baseUnit("degrees").description("Rolling median of the prequential error").register(registry);
    }

    public void error(double degrees) {
        error.record(degrees);
    }

    public void updated(long newVersion) {
        updates.increment();
        modelVersion = newVersion;
    }

    public void refused() {
        refused.increment();
    }

    public void driftAlarm() {
        driftAlarms.increment();
    }

    public void version(long current) {
        modelVersion = current;
    }

    public void medianError(double degrees) {
        medianError = degrees;
    }

    /** Removes this variant's meters, e.g. when its session is reset. */
    public void remove() {
        for (Meter meter : List.<Meter>of(error, updates, refused, driftAlarms, version, median)) {
            registry.remove(meter);
        }
    }
}
