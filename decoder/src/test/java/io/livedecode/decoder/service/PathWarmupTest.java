package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.SnapshotStaging;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The path warm-up runs the service's per-frame code on its own objects, once per JVM and shape. */
class PathWarmupTest {

    private static final Map<String, DecoderConfig> VARIANTS = VariantCatalog.resolve(List.of("linear", "relu200"),
            180, 1, 20);

    @Test
    void runsEveryVariantThroughThePathAndMeasuresTheSnapshotStaging() {
        PathWarmup.Result warmed = PathWarmup.run(VARIANTS, 96);
        assertTrue(warmed.took().toNanos() > 0);
        // relu200's first layer alone is 96 x 200 weights; the doubles are the standardisers' statistics.
        assertTrue(warmed.snapshotStaging().floats() > 96 * 200, warmed.toString());
        assertTrue(warmed.snapshotStaging().doubles() >= 2 * 2 * 96, warmed.toString());

        // A live session of the same shape captures into a staging of that size without growing it.
        SnapshotStaging staging = new SnapshotStaging(warmed.snapshotStaging());
        long capacity = staging.capacityBytes();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            Session session = new SessionRegistry(VARIANTS, new DecoderMetrics(registry), 1).create("live", 0, 96);
            SessionSnapshot.capture(session, staging);
        } finally {
            registry.close();
        }
        assertEquals(capacity, staging.capacityBytes());
        assertEquals(warmed.snapshotStaging(), staging.used());
    }

    @Test
    void isSharedPerVariantsAndNeuronCount() throws Exception {
        CompletableFuture<PathWarmup.Result> first = PathWarmup.shared(VARIANTS, 40);
        assertSame(first, PathWarmup.shared(new LinkedHashMap<>(VARIANTS), 40));
        assertNotSame(first, PathWarmup.shared(VARIANTS, 41));
        Duration took = first.get(60, TimeUnit.SECONDS).took();
        assertTrue(took.toNanos() > 0, "the kernels' and the path's time");
    }
}
