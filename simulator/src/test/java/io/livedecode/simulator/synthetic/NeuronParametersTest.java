package io.livedecode.simulator.synthetic;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeuronParametersTest {

    @Test
    void concentrationsFollowTheConfiguredQuartiles() {
        NeuronParameters p = NeuronParameters.draw(PopulationConfig.defaults());
        double[] kappa = new double[p.size()];
        for (int n = 0; n < kappa.length; n++) {
            kappa[n] = p.concentration(n);
        }
        Arrays.sort(kappa);
        assertEquals(1.3, kappa[kappa.length / 4], 0.1);
        assertEquals(3.8, kappa[kappa.length / 2], 0.2);
        assertEquals(8.2, kappa[3 * kappa.length / 4], 0.5);
    }

    @Test
    void meanResponsePeaksAtThePreferredDirectionWithAWeakerNullLobe() {
        NeuronParameters p = NeuronParameters.draw(PopulationConfig.defaults().withNeurons(500));
        int directional = 0;
        for (int n = 0; n < p.size(); n++) {
            double preferred = p.preferredDegrees(n);
            assertEquals(p.baseline(n) + p.amplitude(n), p.meanResponse(n, preferred), 1e-9);
            assertEquals(p.baseline(n) + p.amplitude(n) * p.nullRatio(n), p.meanResponse(n, preferred + 180), 1e-9);
            assertTrue(p.meanResponse(n, preferred + 90) < p.meanResponse(n, preferred));
            assertTrue(p.nullRatio(n) > 0 && p.nullRatio(n) <= 1);
            if (p.nullRatio(n) < 0.8) {
                directional++;
            }
        }
        assertTrue(directional > 250, "only " + directional + " of 500 neurons prefer one direction clearly");
    }
}
