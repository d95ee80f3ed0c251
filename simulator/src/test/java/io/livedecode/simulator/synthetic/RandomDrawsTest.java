package io.livedecode.simulator.synthetic;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomDrawsTest {

    @Test
    void normalDrawsHaveStandardMomentsAndQuartiles() {
        SplitMix64 random = new SplitMix64(2024);
        int n = 1_000_000;
        double[] z = new double[n];
        double sum = 0;
        double squares = 0;
        double fourth = 0;
        for (int i = 0; i < n; i++) {
            z[i] = random.nextGaussian();
            sum += z[i];
            squares += z[i] * z[i];
            fourth += z[i] * z[i] * z[i] * z[i];
        }
        Arrays.sort(z);
        assertEquals(0.0, sum / n, 0.005);
        assertEquals(1.0, squares / n, 0.01);
        assertEquals(3.0, fourth / n, 0.05);
        assertEquals(-0.6745, z[n / 4], 0.01);
        assertEquals(0.6745, z[3 * n / 4], 0.01);
        assertEquals(3.0902, z[n - n / 1000], 0.03);
    }

    @Test
    void gammaNoiseHasMeanOneAndVarianceOneOverShape() {
        SplitMix64 random = new SplitMix64(7);
        for (double shape : new double[] {1.0, 3.5, 10.0}) {
            GammaNoise noise = new GammaNoise(shape);
            int n = 400_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double x = noise.next(random);
                assertTrue(x > 0, "gamma draw " + x);
                sum += x;
                squares += x * x;
            }
            double mean = sum / n;
            assertEquals(1.0, mean, 0.005, "mean at shape " + shape);
            assertEquals(1.0 / shape, squares / n - mean * mean, 0.02 / shape, "variance at shape " + shape);
        }
    }

    @Test
    void uniformIntegersAreUnbiased() {
        SplitMix64 random = new SplitMix64(3);
        int[] counts = new int[7];
        for (int i = 0; i < 700_000; i++) {
            counts[random.nextInt(7)]++;
        }
        for (int c : counts) {
            assertEquals(100_000, c, 1_500);
        }
    }

    @Test
    void fastExpMatchesStrictMathToTenDigits() {
        double worst = 0;
        for (double x = -707; x <= 20; x += 0.00731) {
            worst = Math.max(worst, Math.abs(FastExp.exp(x) / StrictMath.exp(x) - 1));
        }
        assertTrue(worst < 1e-10, "worst relative error " + worst);
        assertEquals(1.0, FastExp.exp(0.0));
        assertEquals(0.0, FastExp.exp(-1e6));
        assertEquals(Double.POSITIVE_INFINITY, FastExp.exp(1e6));
    }

    @Test
    void derivedSeedsDifferAcrossPurposesAndIndices() {
        long a = SeedStreams.derive(1, SeedStreams.TRIALS, 0);
        long b = SeedStreams.derive(1, SeedStreams.TRIALS, 1);
        long c = SeedStreams.derive(1, SeedStreams.NEURONS, 0);
        long d = SeedStreams.derive(2, SeedStreams.TRIALS, 0);
        assertEquals(4, Arrays.stream(new long[] {a, b, c, d}).distinct().count());
    }
}
