package io.livedecode.decoder.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-session series within a cap: sessions beyond it add up under {@code _other}, which has no per-model gauges. */
class SessionSeriesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SessionSeries series = new SessionSeries(registry, 2);

    @Test
    void sessionsBeyondTheCapAddUpUnderOther() {
        VariantMeters a = series.meters("a", "linear");
        VariantMeters b = series.meters("b", "linear");
        VariantMeters c = series.meters("c", "linear");
        VariantMeters d = series.meters("d", "linear");
        a.updated(7);
        b.updated(3);
        c.updated(11);
        d.updated(5);
        d.updated(6);
        c.error(2.0);
        d.error(4.0);
        d.refused();

        assertEquals(1, updates("a"));
        assertEquals(1, updates("b"));
        assertEquals(3, updates(SessionSeries.OTHER));
        assertEquals(2, registry.get("livedecode.prequential.error").tag("session", SessionSeries.OTHER).summary().count());
        assertEquals(6.0, registry.get("livedecode.prequential.error").tag("session", SessionSeries.OTHER).summary()
                .totalAmount(), 1e-12);
        assertEquals(1, registry.get("livedecode.updates.refused").tag("session", SessionSeries.OTHER).counter().count());
        assertEquals(7, version("a"));
        assertEquals(3, version("b"));
        // One model's version or median under an aggregate label would pass one session off as all of them.
        assertNull(registry.find("livedecode.model.version").tag("session", SessionSeries.OTHER).gauge());
        assertNull(registry.find("livedecode.prequential.error.median").tag("session", SessionSeries.OTHER).gauge());
        assertEquals(List.of("a", "b"), registry.find("livedecode.model.version").gauges().stream()
                .map(g -> g.getId().getTag("session")).sorted().toList());
    }

    @Test
    void releasedSeriesGoAndFreeTheirLabel() {
        VariantMeters a = series.meters("a", "linear");
        series.meters("b", "linear");
        VariantMeters c = series.meters("c", "linear");
        VariantMeters d = series.meters("d", "linear");
        c.remove();
        assertEquals(1, registry.find("livedecode.model.updates").tag("session", SessionSeries.OTHER).counters().size(),
                "_other stays while d still reports under it");
        d.remove();
        d.remove();
        assertNull(registry.find("livedecode.model.updates").tag("session", SessionSeries.OTHER).counter());

        a.remove();
        assertNull(registry.find("livedecode.model.updates").tag("session", "a").counter());
        VariantMeters e = series.meters("e", "linear");
        e.updated(1);
        assertEquals(1, updates("e"), "a's label went to the next new session");
    }

    @Test
    void aSessionsModelsStartingOverStartItsGaugesOver() {
        VariantMeters first = series.meters("a", "linear");
        first.updated(40);
        first.medianError(3.5);
        first.remove();
        VariantMeters restored = series.meters("a", "linear");
        assertEquals(0, version("a"));
        assertEquals(Double.NaN, registry.get("livedecode.prequential.error.median").tag("session", "a").gauge().value());
        restored.version(12);
        assertEquals(12, version("a"));
    }

    private double updates(String session) {
        return registry.get("livedecode.model.updates").tag("session", session).counter().count();
    }

    private double version(String session) {
        Gauge g = registry.get("livedecode.model.version").tag("session", session).gauge();
        return g.value();
    }
}
