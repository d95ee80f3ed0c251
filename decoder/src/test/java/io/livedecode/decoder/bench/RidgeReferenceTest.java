package io.livedecode.decoder.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import org.junit.jupiter.api.Test;

class RidgeReferenceTest {

    private static final TrialSource POPULATION = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(800).withTrials(700));

    @Test
    void theChoiceSeesOnlyTheTrainingFramesAndTheScoreOnlyTheNextOnes() {
        RidgeReference.Result honest = RidgeReference.after(POPULATION, 500, 200, 360);
        // The same training frames followed by frames whose labels are rotated by 90 degrees.
        TrialSource rotated = new TrialSource() {
            @Override
            public int neurons() {
                return POPULATION.neurons();
            }

            @Override
            public int trials() {
                return POPULATION.trials();
            }

            @Override
            public Trial trial(int index) {
                Trial t = POPULATION.trial(index);
                return index < 500 ? t
                        : new Trial(index, (t.stimulusDegrees() + 90) % 360, t.acquisitionSeconds(), t.responses());
            }
        };
        RidgeReference.Result scoredOnWrongLabels = RidgeReference.after(rotated, 500, 200, 360);
        assertEquals(honest.penalty(), scoredOnWrongLabels.penalty(), "penalty chosen on the training frames");
        assertEquals(honest.zScored(), scoredOnWrongLabels.zScored());
        assertTrue(honest.errorDegrees() < 10, "ridge on 800 neurons: " + honest.errorDegrees());
        assertEquals(90, scoredOnWrongLabels.errorDegrees(), 10, "scored on the frames after the training ones");
    }
}
