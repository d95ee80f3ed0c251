package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftWatchTest {

    /** The defaults' tolerance, threshold, warm-up and memory; the input test on or off. */
    private static DriftWatch watch(double inputThreshold) {
        return new DriftWatch(new DriftSettings(0, 0.3, 15, 100, 1000, 1, 0, 0, false, inputThreshold), 360);
    }

    /** Gamma-like errors around 2 degrees: their log has a standard deviation near 1. */
    private static double error(Random r) {
        return 2 * -Math.log(1 - r.nextDouble());
    }

    /** A squared norm near 1 that varies frame to frame as a shared gain makes it (log sd about 0.3). */
    private static double norm(Random r) {
        return Math.exp(0.3 * r.nextGaussian() - 0.05);
    }

    @Test
    void aJumpOfTheInputsAloneRaisesAnAlarmWithinAFewFrames() {
        Random r = new Random(7);
        DriftWatch inputs = watch(15);
        DriftWatch errorOnly = watch(0);
        for (int t = 0; t < 2_000; t++) {
            double e = error(r);
            double q = norm(r);
            assertFalse(inputs.observe(e, q), "false alarm at " + t);
            assertFalse(errorOnly.observe(e, q), "false alarm at " + t);
        }
        int first = -1;
        for (int t = 0; t < 300; t++) {
            double e = error(r);
            // The error is unchanged; the frames' squared norm is 8 times what it was (a gain step).
            double q = 8 * norm(r);
            if (inputs.observe(e, q) && first < 0) {
                first = t + 1;
            }
            assertFalse(errorOnly.observe(e, q), "the error test fired on an unchanged error");
        }
        // log 8 = 2.1 per frame, 1.8 over the tolerance of 0.3: 15 is crossed after about 8.5 frames,
        // give or take the frames' own spread.
        assertTrue(first >= 7 && first <= 12, "first alarm after " + first + " frames");
    }

    @Test
    void oneChangeRaisesOneAlarm() {
        Random r = new Random(11);
        DriftWatch both = watch(15);
        for (int t = 0; t < 1_000; t++) {
            both.observe(error(r), norm(r));
        }
        int alarms = 0;
        // Both streams rise at once and stay up: after the first alarm both tests start over, warm up
        // for 100 frames on the new level, and then see a stationary stream.
        for (int t = 0; t < 1_000; t++) {
            alarms += both.observe(4 * error(r), 8 * norm(r)) ? 1 : 0;
        }
        assertEquals(1, alarms);
    }

    @Test
    void anUnscoredFrameStillFeedsTheInputTest() {
        DriftWatch inputs = watch(15);
        for (int t = 0; t < 200; t++) {
            inputs.observe(Double.NaN, 1);
        }
        boolean alarm = false;
        for (int t = 0; t < 20 && !alarm; t++) {
            alarm = inputs.observe(Double.NaN, 8);
        }
        assertTrue(alarm);
    }

    @Test
    void theSquaredNormCoversEveryValueInAFixedOrder() {
        float[] z = {1, 2, 3, 4, 5, 99};
        assertEquals(55, DriftWatch.squaredNorm(z, 5));
        assertEquals(1, DriftWatch.squaredNorm(z, 1));
        assertEquals(0, DriftWatch.squaredNorm(z, 0));
    }
}
