package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.model.DecoderConfig;
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
    void runsEveryVariantThroughThePath() {
        Duration took = PathWarmup.run(VARIANTS, 96);
        assertTrue(took.toNanos() > 0);
    }

    @Test
    void isSharedPerVariantsAndNeuronCount() throws Exception {
        CompletableFuture<Duration> first = PathWarmup.shared(VARIANTS, 40);
        assertSame(first, PathWarmup.shared(new LinkedHashMap<>(VARIANTS), 40));
        assertNotSame(first, PathWarmup.shared(VARIANTS, 41));
        Duration took = first.get(60, TimeUnit.SECONDS);
        assertTrue(took.toNanos() > 0, "the kernels' and the path's time");
    }
}
