package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RehearsalBufferTest {

    private static float round(float f) {
        return RehearsalBuffer.fromBfloat16(RehearsalBuffer.toBfloat16(f));
    }

    @Test
    void bfloat16RoundsToNearestWithTiesToEven() {
        // 8 significant bits: the bfloat16 neighbours of 1 are 1 - 2^-8 and 1 + 2^-7.
        assertEquals(1f, round(1f));
        assertEquals(1f, round(1f + 0x1p-8f), "a tie goes to the even neighbour, 1");
        assertEquals(1f + 0x1p-6f, round(1f + 3 * 0x1p-8f), "a tie goes to the even neighbour, 1 + 2^-6");
        assertEquals(1f + 0x1p-7f, round(1f + 0x1p-8f + 0x1p-20f), "above the tie rounds up");
        assertEquals(-1f - 0x1p-7f, round(-1f - 0x1p-8f - 0x1p-20f), "negative values round by magnitude");
        assertEquals(0f, round(0f));
        for (int k = 0; k <= 256; k++) {
            assertEquals(k, round(k), "spike counts up to 256 are exact");
        }
    }

    @Test
    void bfloat16IsWithinHalfAUnitInTheLastPlaceAndAlwaysFinite() {
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 100_000; k++) {
            float f = (float) (Math.exp(random.nextDouble(-30, 30)) * (random.nextBoolean() ? 1 : -1));
            float r = round(f);
            assertTrue(Math.abs(r - f) <= Math.abs(f) * 0x1p-8f, f + " -> " + r);
        }
        assertEquals(Float.MAX_VALUE, round(Float.MAX_VALUE), 0x1p-8f * Float.MAX_VALUE);
        assertTrue(Float.isFinite(round(Float.MAX_VALUE)), "rounding never overflows to infinity");
        assertTrue(Float.isFinite(round(-Float.MAX_VALUE)));
    }

    @Test
    void aSnapshotOfTheBufferReplaysTheSameBitsInTwoBytesPerResponse() {
        int neurons = 37;
        RehearsalBuffer buffer = new RehearsalBuffer(5, neurons);
        SplittableRandom random = new SplittableRandom(9);
        for (int f = 0; f < 7; f++) {
            float[] x = new float[neurons];
            for (int i = 0; i < neurons; i++) {
                x[i] = (float) random.nextDouble(-100, 100);
            }
            buffer.add(x, f * 10.0);
        }
        SnapshotOutput out = new SnapshotOutput(64);
        buffer.write(out);
        assertEquals(12 + 5 * (8 + 2 * neurons), out.position(), "int header, then label and 2 B per response");
        byte[] bytes = out.toByteArray();
        RehearsalBuffer restored = new RehearsalBuffer(5, neurons);
        restored.read(new SnapshotInput(bytes, 0, bytes.length));
        assertEquals(5, restored.size());
        float[] a = new float[neurons];
        float[] b = new float[neurons];
        for (int i = 0; i < 5; i++) {
            buffer.responses(i, a);
            restored.responses(i, b);
            assertArrayEquals(a, b);
            assertEquals(buffer.label(i), restored.label(i));
        }
    }
}
