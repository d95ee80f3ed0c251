package io.livedecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class LiveMetricsTest {

    @Test
    void exposesPagesConnectedBytesSentAndUpdatesDropped() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LiveMetrics metrics = new LiveMetrics(() -> 3);
        metrics.bindTo(registry);
        metrics.sent(1200);
        metrics.dropped();
        assertEquals(3.0, registry.get("livedecode.live.clients").gauge().value());
        assertEquals(1200.0, registry.get("livedecode.live.sent").counter().count());
        assertEquals(1.0, registry.get("livedecode.live.updates.dropped").counter().count());
    }
}
