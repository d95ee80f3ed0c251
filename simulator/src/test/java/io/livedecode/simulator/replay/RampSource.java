package io.livedecode.simulator.replay;

import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;

/** A tiny deterministic session for replay tests: response j of trial i is i + j / 1000. */
record RampSource(int neurons, int trials, double intervalSeconds) implements TrialSource {

    @Override
    public Trial trial(int index) {
        if (index < 0 || index >= trials) {
            throw new IndexOutOfBoundsException(index);
        }
        float[] responses = new float[neurons];
        for (int j = 0; j < neurons; j++) {
            responses[j] = index + j / 1000f;
        }
        return new Trial(index, (index * 7.5) % 360, index * intervalSeconds, responses);
    }
}
