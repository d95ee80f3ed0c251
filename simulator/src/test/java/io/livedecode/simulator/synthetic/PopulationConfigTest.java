package io.livedecode.simulator.synthetic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PopulationConfigTest {

    @Test
    void defaultsDescribeTheStringerSession() {
        PopulationConfig config = PopulationConfig.defaults();
        assertEquals(23_589, config.neurons());
        assertEquals(4_598, config.trials());
        assertEquals(360.0, config.periodDegrees());
        assertEquals(1.8, config.timing().trialIntervalSeconds());
        assertEquals(3.0, config.timing().frameRateHz());
        assertEquals(3.8, config.tuning().medianConcentration());
        assertEquals(1.3, config.tuning().concentrationLowerQuartile());
        assertEquals(8.2, config.tuning().concentrationUpperQuartile());
    }

    @Test
    void withersChangeOneComponent() {
        PopulationConfig config = PopulationConfig.defaults().withNeurons(10).withTrials(20).withSeed(99)
                .withPeriodDegrees(180);
        assertEquals(10, config.neurons());
        assertEquals(20, config.trials());
        assertEquals(99, config.seed());
        assertEquals(180.0, config.periodDegrees());
        assertEquals(PopulationConfig.defaults().tuning(), config.tuning());
    }

    @Test
    void rejectsBadSizesAndPeriodNamingTheValue() {
        assertMessage("neurons must be positive, got 0", () -> PopulationConfig.defaults().withNeurons(0));
        assertMessage("trials must be positive, got -5", () -> PopulationConfig.defaults().withTrials(-5));
        assertMessage("periodDegrees must be 360 (direction) or 180 (orientation), got 90.0",
                () -> PopulationConfig.defaults().withPeriodDegrees(90));
    }

    @Test
    void rejectsUnorderedConcentrationQuartiles() {
        assertMessage("concentration quartiles must increase: lower 5.0 < median 3.8 < upper 8.2",
                () -> new TuningDistribution(3.8, 5.0, 8.2, 15, 0.4, 0.3, 0.4, 0.5));
    }

    @Test
    void rejectsOutOfRangeTuningAndVariability() {
        assertMessage("medianNullRatio must be in (0, 1], got 1.5",
                () -> new TuningDistribution(3.8, 1.3, 8.2, 15, 0.4, 0.3, 0.4, 1.5));
        assertMessage("medianAmplitude must be positive and finite, got -1.0",
                () -> new TuningDistribution(3.8, 1.3, 8.2, -1, 0.4, 0.3, 0.4, 0.5));
        assertMessage("noiseShape must be finite and at least 1, got 0.5", () -> new TrialVariability(0.5, 0.1, 1));
        assertMessage("gainSpread must be non-negative and finite, got NaN",
                () -> new TrialVariability(3, Double.NaN, 1));
    }

    @Test
    void rejectsTimingThatWouldPutTwoTrialsOnOneFrame() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SessionTiming(0.5, 0.3, 3.0));
        assertTrue(e.getMessage().contains("trialIntervalSeconds 0.5 minus onsetJitterSeconds 0.3"), e.getMessage());
        assertTrue(e.getMessage().contains("shorter than one frame"), e.getMessage());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, action).getMessage());
    }
}
