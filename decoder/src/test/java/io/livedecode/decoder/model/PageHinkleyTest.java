package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The detector on synthetic streams: a step up in the mean, a stationary stream, a falling one. */
class PageHinkleyTest {

    @Test
    void aStepUpIsDetectedSoonAfterItHappens() {
        SplittableRandom r = new SplittableRandom(1);
        PageHinkley ph = new PageHinkley(0.25, 10, 30);
        int change = 1_000;
        int detectedAt = -1;
        for (int t = 0; t < 2_000 && detectedAt < 0; t++) {
            ph.update((t < change ? 0 : 1) + 0.5 * r.nextGaussian());
            if (ph.driftDetected()) {
                detectedAt = t;
            }
        }
        // A rise of 1 against delta 0.25 crosses a threshold of 10 after about 10 / 0.75 observations.
        assertTrue(detectedAt >= change && detectedAt < change + 30, "detected at " + detectedAt);
    }

    @Test
    void aStationaryStreamRaisesNoAlarm() {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            PageHinkley ph = new PageHinkley(0.25, 10, 30);
            for (int t = 0; t < 20_000; t++) {
                ph.update(0.5 * r.nextGaussian());
                assertFalse(ph.driftDetected(), "false alarm at " + t + " with seed " + seed);
            }
            assertTrue(ph.statistic() < 10);
        }
    }

    @Test
    void aMemoryCatchesARiseThatACumulativeMeanStillAbsorbs() {
        // A learning curve: the level falls from 2 towards 0, then rises by 0.6 at the change. By then the
        // mean since the start is about 0.4 above the level, so the cumulative test sees a rise of only
        // 0.2, under its tolerance; a mean over about the last 500 observations is within 0.1 of it.
        int change = 2_000;
        int cumulative = firstAlarm(new PageHinkley(0.25, 10, 30), change);
        int remembering = firstAlarm(new PageHinkley(0.25, 10, 30, 500), change);
        assertTrue(remembering >= change && remembering < change + 100, "with memory: alarm at " + remembering);
        assertTrue(cumulative < 0 || cumulative > change + 200, "cumulative: alarm at " + cumulative);
    }

    private static int firstAlarm(PageHinkley ph, int change) {
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < change + 400; t++) {
            ph.update(2 * Math.exp(-t / 400.0) + (t < change ? 0 : 0.6) + 0.5 * r.nextGaussian());
            if (ph.driftDetected()) {
                return t;
            }
        }
        return -1;
    }

    @Test
    void aFallingMeanNeverAlarmsAndNaNsAreIgnored() {
        PageHinkley ph = new PageHinkley(0, 1, 0);
        for (int t = 0; t < 5_000; t++) {
            ph.update(10.0 / (1 + t));
            ph.update(Double.NaN);
            assertFalse(ph.driftDetected());
        }
        assertEquals(5_000, ph.count());
    }

    @Test
    void warmupDelaysTheFirstAlarmAndAnAlarmStartsOver() {
        PageHinkley ph = new PageHinkley(0, 1, 10);
        ph.update(0);
        for (int t = 1; t < 9; t++) {
            ph.update(100);
            assertFalse(ph.driftDetected(), "still warming up at " + t);
        }
        ph.update(100);
        assertTrue(ph.driftDetected(), "the tenth observation may raise the alarm");
        ph.update(0);
        assertEquals(1, ph.count(), "the observation after an alarm starts a new test");
        assertFalse(ph.driftDetected());
    }

    @Test
    void parametersAreCheckedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PageHinkley(-1, 1, 0)).getMessage().contains("delta"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PageHinkley(0, 0, 0)).getMessage().contains("threshold"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PageHinkley(0, 1, -2)).getMessage().contains("-2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PageHinkley(0, 1, 0, -1)).getMessage()
                .contains("memory"));
    }
}
