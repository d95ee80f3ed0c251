package io.livedecode.decoder.live;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import java.util.HashMap;
import java.util.Map;

/**
 * Drift alarms as the drift detector counts them ({@value #METER}, tagged session and variant),
 * read from the registry. No such meter means no detector, so no alarms.
 */
final class DriftAlarms {

    /** Micrometer name of the counter; Prometheus shows it as {@code livedecode_drift_alarms_total}. */
    static final String METER = "livedecode.drift.alarms";

    private DriftAlarms() {
    }

    /** Alarm counts by session, then variant. */
    static Map<String, Map<String, Double>> read(MeterRegistry registry) {
        Map<String, Map<String, Double>> alarms = new HashMap<>();
        for (Meter meter : registry.find(METER).meters()) {
            String session = meter.getId().getTag("session");
            String variant = meter.getId().getTag("variant");
            if (session == null || variant == null) {
                continue;
            }
            double count = count(meter);
            if (count > 0) {
                alarms.computeIfAbsent(session, s -> new HashMap<>()).merge(variant, count, Double::sum);
            }
        }
        return alarms;
    }

    private static double count(Meter meter) {
        for (Measurement m : meter.measure()) {
            if (m.getStatistic() == Statistic.COUNT) {
                return m.getValue();
            }
        }
        return 0;
    }
}
