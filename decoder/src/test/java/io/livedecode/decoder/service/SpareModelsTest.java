package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.StepResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Models built ahead are the models the loop would have built, each session gets its own, and the count decides. */
class SpareModelsTest {

    private static final Map<String, DecoderConfig> VARIANTS = VariantCatalog.resolve(List.of("linear", "relu16-l2"),
            360, 5, 20);

    @Test
    void sessionsGetTheModelsTheyWouldHaveBuiltThemselves() throws InterruptedException {
        SessionRegistry plain = new SessionRegistry(VARIANTS, new DecoderMetrics(new SimpleMeterRegistry()), 8);
        try (SpareModels spares = new SpareModels(VARIANTS.values(), 0)) {
            spares.prepare(64);
            SessionRegistry ahead = new SessionRegistry(VARIANTS, new DecoderMetrics(new SimpleMeterRegistry()), 8,
                    spares);
            Session first = ahead.create("a", 0, 64);
            assertEquals(0, spares.builtHere(), "the first session of the prepared count takes the spare set");
            assertSame(plain.create("a", 0, 64), first);
            Session other = ahead.create("b", 0, 48);
            assertEquals(1, spares.builtHere(), "another count builds its own");
            assertSame(plain.create("b", 0, 48), other);
            Thread.sleep(200);
            Session again = ahead.create("c", 0, 48);
            assertEquals(1, spares.builtHere(), "the spare for the last count was built ahead");
            assertSame(plain.create("c", 0, 48), again);
            for (int v = 0; v < VARIANTS.size(); v++) {
                assertNotSame(other.variants().get(v).decoder(), again.variants().get(v).decoder(),
                        "two sessions never share a model");
            }
        }
    }

    @Test
    void aRefillStillInItsDelayIsNotWaitedFor() {
        try (SpareModels spares = new SpareModels(VARIANTS.values(), 60_000)) {
            spares.take(32);
            List<OnlineDecoder> second = spares.take(32);
            assertEquals(2, spares.builtHere(), "a refill not started yet is cancelled and the set built at once");
            assertEquals(VARIANTS.size(), second.size());
        }
    }

    @Test
    void afterCloseEverySetIsBuiltByItsCaller() {
        SpareModels spares = new SpareModels(VARIANTS.values(), 0);
        spares.close();
        spares.prepare(16);
        assertEquals(VARIANTS.size(), spares.take(16).size());
        assertEquals(1, spares.builtHere());
    }

    @Test
    void aServiceBuildsAheadOnlyForTheWarmUpsCount() {
        assertNull(SpareModels.forService(service(Map.of()), VARIANTS.values()),
                "without a warm-up count no set is built on a guess");
        assertNull(SpareModels.forService(service(Map.of("decoder.warmup-neurons", "40",
                "decoder.pass-through", "true")), VARIANTS.values()), "pass-through runs no model");
        try (SpareModels spares = SpareModels.forService(service(Map.of("decoder.warmup-neurons", "40")),
                VARIANTS.values())) {
            assertNotNull(spares);
            assertEquals(VARIANTS.size(), spares.take(40).size());
            assertEquals(0, spares.builtHere(), "the warm-up's count was built ahead");
        }
    }

    private static ServiceConfig service(Map<String, String> overrides) {
        return ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), overrides));
    }

    /** Same bytes after the same frames: the same initial weights and the same state. */
    private static void assertSame(Session expected, Session actual) {
        SplittableRandom random = new SplittableRandom(3);
        for (int f = 0; f < 20; f++) {
            float[] x = new float[expected.neurons()];
            for (int n = 0; n < x.length; n++) {
                x[n] = (float) random.nextDouble(0, 5);
            }
            double angle = random.nextDouble(0, 360);
            for (int v = 0; v < expected.variants().size(); v++) {
                expected.variants().get(v).decoder().step(x, angle, new StepResult());
                actual.variants().get(v).decoder().step(x, angle, new StepResult());
            }
        }
        for (int v = 0; v < expected.variants().size(); v++) {
            assertArrayEquals(expected.variants().get(v).decoder().snapshot(), actual.variants().get(v).decoder().snapshot());
        }
    }
}
