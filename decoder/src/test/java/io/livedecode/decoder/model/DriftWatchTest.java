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

    private static final int N = 100;

    /**
     * A standardised frame of {@link #N} values whose scaled squared norm is {@code factor} times a
     * value near 1 that varies frame to frame as a shared gain makes it (log sd about 0.3).
     */
    private static float[] frame(Random r, double factor) {
        float[] z = new float[N];
        float v = (float) Math.sqrt(factor * Math.exp(0.3 * r.nextGaussian() - 0.05) / N);
        java.util.Arrays.fill(z, v);
        return z;
    }

    @Test
    void aJumpOfTheInputsAloneRaisesAnAlarmWithinAFewFrames() {
        Random r = new Random(7);
        DriftWatch inputs = watch(15);
        DriftWatch errorOnly = watch(0);
        for (int t = 0; t < 2_000; t++) {
            double e = error(r);
            float[] z = frame(r, 1);
            assertFalse(inputs.observe(e, z, N), "false alarm at " + t);
            assertFalse(errorOnly.observe(e, z, N), "false alarm at " + t);
        }
        int first = -1;
        for (int t = 0; t < 300; t++) {
            double e = error(r);
            // The error is unchanged; the frames' squared norm is 8 times what it was (a gain step).
            float[] z = frame(r, 8);
            if (inputs.observe(e, z, N) && first < 0) {
                first = t + 1;
            }
            assertFalse(errorOnly.observe(e, z, N), "the error test fired on an unchanged error");
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
            both.observe(error(r), frame(r, 1), N);
        }
        int alarms = 0;
        // Both streams rise at once and stay up: after the first alarm both tests start over, warm up
        // for 100 frames on the new level, and then see a stationary stream.
        for (int t = 0; t < 1_000; t++) {
            alarms += both.observe(4 * error(r), frame(r, 8), N) ? 1 : 0;
        }
        assertEquals(1, alarms);
    }

    @Test
    void anUnscoredFrameStillFeedsTheInputTest() {
        Random r = new Random(3);
        DriftWatch inputs = watch(15);
        for (int t = 0; t < 200; t++) {
            inputs.observe(Double.NaN, frame(r, 1), N);
        }
        boolean alarm = false;
        for (int t = 0; t < 20 && !alarm; t++) {
            alarm = inputs.observe(Double.NaN, frame(r, 8), N);
        }
        assertTrue(alarm);
    }

    /**
     * On a sparse population most neurons have no variance yet in the first frames and standardise to
     * 0: the norm counts only the others, so it starts near 1 instead of near 0, and a frame with
     * none (the first) is skipped rather than read as a norm of 0.
     */
    @Test
    void theSquaredNormIsScaledToTheNeuronsThatContribute() {
        float[] z = {1, 0, 2, 0, 0, 3, 0, 4, 5, 99};
        // 1 + 4 + 9 + 16 + 25 = 55 over 5 contributing of the first 9: 55 * 9 / 5.
        assertEquals(55.0 * 9 / 5, DriftWatch.scaledSquaredNorm(z, 9), 1e-12);
        assertEquals(1, DriftWatch.scaledSquaredNorm(z, 1));
        assertTrue(Double.isNaN(DriftWatch.scaledSquaredNorm(new float[8], 8)));
    }

    /**
     * A sparse count population (each neuron fires on 2% of frames): a fresh decoder with the
     * defaults' drift settings raises no alarm in 1,500 stationary frames, although for the first
     * hundred frames most neurons have fired too rarely to have a variance.
     */
    @Test
    void aSparsePopulationRaisesNoAlarmWhileItsStatisticsFillIn() {
        int n = 2_000;
        Random r = new Random(5);
        DecoderConfig config = DecoderConfig.linear().toBuilder()
                .drift(new DriftSettings(0, 0.3, 15, 100, 1000, 3, 300, 200, true, 15)).build();
        OnlineDecoder decoder = new OnlineDecoder(config, n);
        float[] x = new float[n];
        StepResult step = new StepResult();
        for (int t = 0; t < 1_500; t++) {
            double stimulus = 360.0 * r.nextDouble();
            for (int i = 0; i < n; i++) {
                x[i] = r.nextDouble() < 0.02 ? 1 + r.nextInt(3) : 0;
            }
            decoder.step(x, stimulus, step);
            assertFalse(step.driftDetected(), "false alarm at frame " + t);
        }
        assertEquals(0, decoder.stats().driftAlarms());
    }
}
