package io.livedecode.decoder.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands out per-session meters within a budget of labelled sessions: the first
 * {@code maxLabelled} sessions in memory report under their own id, the rest share one series per
 * variant labelled {@value #OTHER}, so any number of session ids cannot grow the metric series
 * without bound. The shared series hold what adds up across sessions (the error histogram, the
 * update and refusal counters); the gauges that describe one model (its version, its rolling
 * median error) exist only under a session's own label, since under {@value #OTHER} they would
 * show whichever session happened to report first as if it were all of them. A series is
 * unregistered when its last user releases it, which frees the label for the next new session.
 */
final class SessionSeries {

    static final String OTHER = "_other";

    /** Error histogram bucket bounds in degrees: fine near zero, where good decoders live. */
    private static final double[] ERROR_BUCKETS = {0.25, 0.5, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 90, 135, 180};

    /** The registered meters of one label and variant, and the state its gauges read. */
    static final class Series {
        final DistributionSummary error;
        final Counter updates;
        final Counter refused;
        final Counter driftAlarms;
        final boolean perSession;
        private final List<Meter> meters = new ArrayList<>();
        volatile long modelVersion;
        volatile double medianError = Double.NaN;
        private int users;

        private Series(MeterRegistry registry, String label, String variant) {
            Tags tags = Tags.of("session", label, "variant", variant);
            this.perSession = !label.equals(OTHER);
            this.error = DistributionSummary.builder("livedecode.prequential.error").baseUnit("degrees")
                    .description("Absolute circular error of labelled frames, measured before learning from them")
                    .tags(tags).serviceLevelObjectives(ERROR_BUCKETS).register(registry);
            this.updates = Counter.builder("livedecode.model.updates").tags(tags)
                    .description("Model updates applied").register(registry);
            this.refused = Counter.builder("livedecode.updates.refused").tags(tags)
                    .description("Updates refused because their result was not finite").register(registry);
            this.driftAlarms = Counter.builder("livedecode.drift.alarms").tags(tags)
                    .description("Times the drift detectors (on the prequential error or the standardised inputs) fired; the model then adapts faster")
                    .register(registry);
            meters.addAll(List.of(error, updates, refused, driftAlarms));
            if (perSession) {
                meters.add(Gauge.builder("livedecode.model.version", this, s -> s.modelVersion).tags(tags)
                        .description("Updates the model has applied").register(registry));
                meters.add(Gauge.builder("livedecode.prequential.error.median", this, s -> s.medianError).tags(tags)
                        .baseUnit("degrees").description("Rolling median of the prequential error").register(registry));
            }
        }
    }

    private final MeterRegistry registry;
    private final int maxLabelled;
    private final Set<String> labelled = new HashSet<>();
    private final Map<String, Integer> usersOfSession = new HashMap<>();
    private final Map<String, Series> byKey = new HashMap<>();

    SessionSeries(MeterRegistry registry, int maxLabelled) {
        this.registry = registry;
        this.maxLabelled = maxLabelled;
    }

    /** The meters of one session's variant; {@link VariantMeters#remove()} gives them back. */
    synchronized VariantMeters meters(String session, String variant) {
        String label = labelled.contains(session) || labelled.size() < maxLabelled ? session : OTHER;
        if (!label.equals(OTHER)) {
            labelled.add(session);
        }
        usersOfSession.merge(session, 1, Integer::sum);
        String key = label + "\u0000" + variant;
        Series series = byKey.computeIfAbsent(key, k -> new Series(registry, label, variant));
        series.users++;
        if (series.perSession) {
            // A session's models start over (created, restored): its gauges describe the new ones.
            series.modelVersion = 0;
            series.medianError = Double.NaN;
        }
        return new VariantMeters(series, () -> release(session, key));
    }

    private synchronized void release(String session, String key) {
        Series series = byKey.get(key);
        if (series != null && --series.users <= 0) {
            byKey.remove(key);
            series.meters.forEach(registry::remove);
        }
        Integer left = usersOfSession.merge(session, -1, Integer::sum);
        if (left != null && left <= 0) {
            usersOfSession.remove(session);
            labelled.remove(session);
        }
    }
}
