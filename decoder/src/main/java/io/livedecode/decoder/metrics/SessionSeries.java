package io.livedecode.decoder.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Hands out per-session meters within a budget of labelled sessions: the first
 * {@code maxLabelled} sessions report under their own id, the rest share one series per variant
 * labelled {@value #OTHER}, so any number of session ids cannot grow the metric series without
 * bound. Shared meters are unregistered when their last user releases them.
 */
final class SessionSeries {

    static final String OTHER = "_other";

    private final MeterRegistry registry;
    private final int maxLabelled;
    private final Set<String> labelled = new HashSet<>();
    private final Map<String, Integer> usersOfLabel = new HashMap<>();
    private final Map<String, VariantMeters> byLabelAndVariant = new HashMap<>();
    private final Map<String, Integer> usersOfMeters = new HashMap<>();

    SessionSeries(MeterRegistry registry, int maxLabelled) {
        this.registry = registry;
        this.maxLabelled = maxLabelled;
    }

    synchronized VariantMeters meters(String session, String variant) {
        String label = labelled.contains(session) || labelled.size() < maxLabelled ? session : OTHER;
        if (!label.equals(OTHER)) {
            labelled.add(session);
        }
        usersOfLabel.merge(session, 1, Integer::sum);
        String key = label + "\u0000" + variant;
        usersOfMeters.merge(key, 1, Integer::sum);
        // The registry hands every user of a label the same meters; gauges stay bound to the first user,
        // which is kept here until the last one leaves.
        VariantMeters meters = new VariantMeters(registry, label, variant, () -> release(session, key));
        byLabelAndVariant.putIfAbsent(key, meters);
        return meters;
    }

    private synchronized void release(String session, String key) {
        Integer users = usersOfMeters.merge(key, -1, Integer::sum);
        if (users != null && users <= 0) {
            usersOfMeters.remove(key);
            VariantMeters gone = byLabelAndVariant.remove(key);
            if (gone != null) {
                gone.unregister();
            }
        }
        Integer sessionUsers = usersOfLabel.merge(session, -1, Integer::sum);
        if (sessionUsers != null && sessionUsers <= 0) {
            usersOfLabel.remove(session);
            labelled.remove(session);
        }
    }
}
