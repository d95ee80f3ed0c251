package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.protocol.Angles;
import org.junit.jupiter.api.Test;

/** Target encodings and the keyed random generator. */
class TargetsAndRandomTest {

    @Test
    void targetsDecodeBackToTheirAngle() {
        float[] t = new float[2];
        TargetCodec cosSin = new TargetCodec(TargetEncoding.COS_SIN, 180);
        for (double a : new double[] {0, 0.5, 45, 90, 179.5}) {
            cosSin.encode(a, t);
            assertEquals(0, Angles.circularDistance(a, cosSin.decode(t), 180), 1e-4);
        }
        TargetCodec raw = new TargetCodec(TargetEncoding.RAW_DEGREES, 360);
        raw.encode(270, t);
        assertEquals(0.75f, t[0]);
        assertEquals(270, raw.decode(t), 1e-4);
        assertTrue(Double.isNaN(raw.decode(new float[] {Float.NaN})));
    }

    @Test
    void rngDrawsStayInRangeAndRepeatFromTheSameKey() {
        SplitMix64 a = new SplitMix64(0);
        SplitMix64 b = new SplitMix64(0);
        a.reseed(1, 2, 3);
        b.reseed(1, 2, 3);
        int[] counts = new int[7];
        for (int i = 0; i < 7000; i++) {
            int k = a.nextInt(7);
            assertEquals(k, b.nextInt(7));
            counts[k]++;
        }
        for (int c : counts) {
            assertTrue(c > 850 && c < 1150, "uniform-ish counts " + java.util.Arrays.toString(counts));
        }
    }
}
