package io.livedecode.decoder.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.IntSupplier;

/** The live page's own meters: pages connected, bytes sent to them, updates a slow page could not take. */
final class LiveMetrics implements MeterBinder {

    private final IntSupplier clients;
    private Counter sent;
    private Counter dropped;

    LiveMetrics(IntSupplier clients) {
        this.clients = clients;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("livedecode.live.clients", clients, IntSupplier::getAsInt)
                .description("Live pages connected to the event stream").register(registry);
        sent = Counter.builder("livedecode.live.sent").baseUnit("bytes")
                .description("Bytes of server-sent events written to live pages").register(registry);
        dropped = Counter.builder("livedecode.live.updates.dropped")
                .description("Live page updates not sent because the page's connection was backed up").register(registry);
    }

    void sent(long bytes) {
        if (sent != null) {
            sent.increment(bytes);
        }
    }

    void dropped() {
        if (dropped != null) {
            dropped.increment();
        }
    }
}
