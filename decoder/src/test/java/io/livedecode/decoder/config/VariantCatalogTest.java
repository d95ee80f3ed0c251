package io.livedecode.decoder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.TargetEncoding;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantCatalogTest {

    @Test
    void theSgdSuffixIsTheSeedsConstantRateSgd() {
        assertEquals(DecoderConfig.linear().toBuilder().drift(VariantCatalog.DRIFT).build(),
                VariantCatalog.resolve("linear-sgd", 360, 1, 200));
        assertEquals(DecoderConfig.relu(200).toBuilder().drift(VariantCatalog.DRIFT).build(),
                VariantCatalog.resolve("relu200-sgd", 360, 1, 200));
        assertEquals(DecoderConfig.reluL2(50, 0.01).toBuilder().drift(VariantCatalog.DRIFT).build(),
                VariantCatalog.resolve("relu50-sgd-l2", 360, 1, 200));
    }

    @Test
    void theDefaultsUseTheScaleFreeRuleAndRehearsalStaysWithinTheBudget() {
        DecoderConfig linear = VariantCatalog.resolve("linear", 360, 1, 200);
        DecoderConfig relu = VariantCatalog.resolve("relu200", 360, 1, 200);
        for (DecoderConfig c : List.of(linear, relu)) {
            assertEquals(0, c.replaysFor(1_000), "the defaults do not rehearse");
            assertTrue(c.drift().detects());
        }
        assertEquals(VariantCatalog.OPTIMIZER, relu.optimizer());
        assertTrue(relu.rateByFanIn());
        assertEquals(VariantCatalog.LINEAR_OPTIMIZER, linear.optimizer());
        assertEquals(VariantCatalog.LINEAR_RATE, linear.learningRateAt(0));
        assertEquals(VariantCatalog.LINEAR_RATE / 2, linear.learningRateAt(300), 1e-15);
        assertEquals(VariantCatalog.RELU_RATE, relu.learningRateAt(0));
        assertEquals(VariantCatalog.RELU_RATE / 2, relu.learningRateAt(400), 1e-18);
        assertEquals(VariantCatalog.RELU_WEIGHT_DECAY, relu.weightDecay());
        assertEquals(0, linear.weightDecay());
        assertEquals(VariantCatalog.LINEAR_AVERAGING_FRAMES, linear.averagingHorizon());
        assertEquals(0, relu.averagingHorizon());
        assertEquals(List.of(), linear.hiddenLayers());
        assertEquals(List.of(200), relu.hiddenLayers());
        // -rehearsal: the same budget buys a linear readout its most replays and relu200 a few, fewer on more neurons.
        DecoderConfig linearRehearsal = VariantCatalog.resolve("linear-rehearsal", 360, 1, 200);
        DecoderConfig reluRehearsal = VariantCatalog.resolve("relu200-rehearsal", 360, 1, 200);
        assertEquals(VariantCatalog.REHEARSAL_BUDGET, reluRehearsal.rehearsalBudget());
        assertEquals(VariantCatalog.MAX_REPLAYS, linearRehearsal.replaysFor(50_000));
        assertEquals(VariantCatalog.LINEAR_AVERAGING_FRAMES * (1 + VariantCatalog.MAX_REPLAYS),
                linearRehearsal.averagingHorizon(), "the average spans as many labelled frames with replays");
        assertEquals(1, reluRehearsal.replaysFor(23_589));
        assertEquals(0, reluRehearsal.replaysFor(50_000));
        assertEquals(5, reluRehearsal.replaysFor(10_000));
        assertEquals(VariantCatalog.MAX_REPLAYS, reluRehearsal.replaysFor(1_000));
        assertEquals(VariantCatalog.FORGET_WINDOW, VariantCatalog.resolve("relu200-forget", 360, 1, 200)
                .drift().standardizerWindow());
        assertEquals(0, relu.drift().standardizerWindow());
        // Both defaults' rates decay, so an alarm raises both; the seed's constant rates are left as they are.
        assertEquals(VariantCatalog.DRIFT_DECAYING_RATE, linear.drift());
        assertEquals(VariantCatalog.DRIFT_DECAYING_RATE, relu.drift());
        assertEquals(3, relu.drift().boostFactor());
        assertEquals(3, linear.drift().boostFactor());
        assertEquals(1, VariantCatalog.resolve("relu200-sgd", 360, 1, 200).drift().boostFactor());
        assertEquals(VariantCatalog.DRIFT_DECAYING_RATE.withStandardizerWindow(VariantCatalog.FORGET_WINDOW),
                VariantCatalog.resolve("linear-forget", 360, 1, 200).drift());
    }

    @Test
    void replayAndCapacitySuffixesOverrideTheBudget() {
        DecoderConfig none = VariantCatalog.resolve("relu200-r0", 360, 1, 200);
        assertEquals(0, none.replaysFor(1_000), "-r0: no rehearsal however cheap");
        DecoderConfig three = VariantCatalog.resolve("linear-r3-keep500", 360, 1, 200);
        assertEquals(3, three.replaysFor(50_000));
        assertEquals(500, three.rehearsalCapacity());
        assertEquals(VariantCatalog.REHEARSAL_CAPACITY, VariantCatalog.resolve("relu200-r2", 360, 1, 200).rehearsalCapacity());
        assertTrue(assertThrows(ConfigException.class, () -> VariantCatalog.resolve("relu200-r51", 360, 1, 200))
                .getMessage().contains("asks for 51 replays per labelled frame; at most 50"));
        assertTrue(assertThrows(ConfigException.class, () -> VariantCatalog.resolve("relu200-keep0", 360, 1, 200))
                .getMessage().contains("keeps 0 frames"));
    }

    @Test
    void suffixesCombine() {
        DecoderConfig combined = VariantCatalog.resolve("relu100-l1-dropout-raw", 180, 7, 50);
        assertEquals(List.of(100), combined.hiddenLayers());
        assertEquals(VariantCatalog.L1, combined.l1());
        assertEquals(VariantCatalog.DROPOUT, combined.dropout());
        assertEquals(TargetEncoding.RAW_DEGREES, combined.targetEncoding());
        assertEquals(180, combined.periodDegrees());
        assertEquals(7, combined.seed());
        assertEquals(50, combined.statsWindow());
        assertEquals(VariantCatalog.L1_SGD, VariantCatalog.resolve("linear-sgd-l1", 360, 1, 200).l1());
        assertEquals(VariantCatalog.WEIGHT_DECAY, VariantCatalog.resolve("relu200-l2", 360, 1, 200).weightDecay());
        assertEquals(List.of("linear", "relu200"),
                List.copyOf(VariantCatalog.resolve(List.of("linear", "relu200"), 360, 1, 200).keySet()));
        for (String name : VariantCatalog.BENCHMARK_VARIANTS) {
            VariantCatalog.resolve(name, 180, 1, 200);
        }
    }

    @Test
    void badNamesAreRefusedByName() {
        assertEquals("decoder variant 'deep' is not linear or relu<units> with optional suffixes -sgd, -l2, -l1,"
                + " -dropout, -raw, -rehearsal, -r<N>, -keep<N>, -forget (e.g. relu200-l2)", message("deep"));
        assertEquals("decoder variant 'relu200-l3' has unknown suffix '-l3'; known: -sgd, -l2, -l1, -dropout, -raw,"
                + " -rehearsal, -r<N>, -keep<N>, -forget", message("relu200-l3"));
        assertEquals("decoder variant 'relu0' needs at least 1 hidden unit", message("relu0"));
        assertEquals("decoder variant 'linear-dropout': dropout 0.2 needs at least one hidden layer; this network has none",
                message("linear-dropout"));
    }

    private static String message(String name) {
        return assertThrows(ConfigException.class, () -> VariantCatalog.resolve(name, 360, 1, 200)).getMessage();
    }
}
