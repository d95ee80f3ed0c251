package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderConfigTest {

    @Test
    void presetsDescribeTheTeachingNetworks() {
        assertEquals(List.of(), DecoderConfig.linear().hiddenLayers());
        DecoderConfig relu = DecoderConfig.relu(200);
        assertEquals(List.of(200), relu.hiddenLayers());
        assertEquals(Activation.RELU, relu.activation());
        assertEquals(TargetEncoding.COS_SIN, relu.targetEncoding());
        assertEquals(2, relu.outputs());
        DecoderConfig l2 = DecoderConfig.reluL2(200, 0.01);
        assertEquals(0.01, l2.weightDecay());
        assertEquals(relu.learningRate(), l2.learningRate());
    }


    @Test
    void smileLambdaIsHalfOfPyTorchWeightDecay() {
        DecoderConfig c = DecoderConfig.reluL2(200, 0.02);
        assertEquals(0.01, c.smileLambda(), 1e-15);
        // Smile's per-step decay 1 - 2 lr lambda equals PyTorch's 1 - lr wd.
        assertEquals(1 - c.learningRate() * 0.02, 1 - 2 * c.learningRate() * c.smileLambda(), 1e-15);
    }

    @Test
    void learningRateDecaysAsConfigured() {
        DecoderConfig constant = DecoderConfig.builder().learningRate(0.1).build();
        assertEquals(0.1, constant.learningRateAt(1_000_000));
        DecoderConfig decaying = DecoderConfig.builder().learningRate(0.1).learningRateDecayFrames(100).build();
        assertEquals(0.1, decaying.learningRateAt(0), 1e-15);
        assertEquals(0.05, decaying.learningRateAt(100), 1e-15);
        assertEquals(0.025, decaying.learningRateAt(300), 1e-15);
        // The decay stops at a twentieth of the rate (1 + t / 100 = 20 at t = 1,900): long sessions keep learning.
        assertEquals(0.1 / 19, decaying.learningRateAt(1_800), 1e-15);
        assertEquals(0.005, decaying.learningRateAt(1_900), 1e-15);
        assertEquals(0.005, decaying.learningRateAt(100_000_000), 1e-15);
    }

    @Test
    void invalidValuesAreRefusedWithTheValueInTheMessage() {
        assertMessage("learningRate must be positive and finite, got -0.1",
                () -> DecoderConfig.builder().learningRate(-0.1).build());
        assertMessage("momentum must be in [0, 1), got 1.0", () -> DecoderConfig.builder().momentum(1).build());
        assertMessage("hidden layer 1 has 0 units", () -> DecoderConfig.builder().hiddenLayers(List.of(10, 0)).build());
        assertMessage("dropout 0.5 needs at least one hidden layer",
                () -> DecoderConfig.builder().dropout(0.5).build());
        assertMessage("got 0.5 * 1.0 = 0.5", () -> DecoderConfig.builder().learningRate(0.5).weightDecay(1).build());
        assertMessage("periodDegrees must be positive and finite, got NaN",
                () -> DecoderConfig.builder().periodDegrees(Double.NaN).build());
        assertMessage("rehearsalCapacity must be >= 1, got 0", () -> DecoderConfig.builder().rehearsal(3, 0).build());
        assertMessage("statsWindow must be >= 1, got 0", () -> DecoderConfig.builder().statsWindow(0).build());
    }

    @Test
    void builderRoundTripsEveryField() {
        DecoderConfig c = DecoderConfig.builder().hiddenLayers(List.of(50, 20)).activation(Activation.LINEAR)
                .targetEncoding(TargetEncoding.RAW_DEGREES).periodDegrees(180).learningRate(0.01)
                .learningRateDecayFrames(500).momentum(0.5).optimizer(Optimizer.RMSPROP).rmsPropRho(0.95)
                .rmsPropEpsilon(1e-6).weightDecay(0.001).l1(1e-4).dropout(0.2).gradientClipNorm(5)
                .rehearsal(3, 100).seed(42).statsWindow(50).rateByFanIn(true).adamBeta1(0.8).adamBeta2(0.99)
                .adamEpsilon(1e-6).l1Mode(L1Mode.SUBGRADIENT).rehearsalBudget(1000)
                .drift(new DriftSettings(500, 0.1, 20, 100, 1000, 3, 300, 50, true, 12)).build();
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void theRehearsalBudgetBuysReplaysByNetworkSize() {
        DecoderConfig relu = DecoderConfig.relu(200).toBuilder().rehearsal(7, 10).rehearsalBudget(20_000_000).build();
        assertEquals(201L * 200 + 201 * 2, relu.parameters(200));
        assertEquals(3, relu.replaysFor(23_589), "4,718,402 parameters: 4 updates fit in the budget");
        assertEquals(0, relu.replaysFor(100_000), "one update is over the budget already");
        assertEquals(7, relu.replaysFor(1_000), "never more than configured");
        assertEquals(7, relu.toBuilder().rehearsalBudget(0).build().replaysFor(100_000), "no budget, no cap");
    }

    @Test
    void newSettingsAreCheckedByName() {
        assertMessage("momentum must be 0 with ADAM", () -> DecoderConfig.builder().optimizer(Optimizer.ADAM)
                .momentum(0.9).build());
        assertMessage("momentum must be 0 with RMSPROP_FACTORED", () -> DecoderConfig.builder()
                .optimizer(Optimizer.RMSPROP_FACTORED).momentum(0.5).build());
        assertMessage("adamBeta2 must be in (0, 1), got 1.0", () -> DecoderConfig.builder().adamBeta2(1).build());
        assertMessage("rehearsalBudget must be 0 (none) or positive, got -1",
                () -> DecoderConfig.builder().rehearsalBudget(-1).build());
        assertMessage("boostFactor must be in [1, 100], got 0.5",
                () -> new DriftSettings(0, 0, 1, 0, 0, 0.5, 0, 0, false, 0));
        assertMessage("detectorMemory must be 0 (cumulative) or positive, got -1",
                () -> new DriftSettings(0, 0, 1, 0, -1, 1, 0, 0, false, 0));
        assertMessage("standardizerWindow must be 0 (off) or positive, got -3",
                () -> new DriftSettings(-3, 0, 1, 0, 0, 1, 0, 0, false, 0));
        assertMessage("inputThreshold must be 0 (off) or positive, got -1.0",
                () -> new DriftSettings(0, 0, 1, 0, 0, 1, 0, 0, false, -1));
    }

    private static void assertMessage(String expectedPart, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(expectedPart), () -> "message was: " + e.getMessage());
    }
}
