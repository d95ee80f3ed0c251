package io.livedecode.simulator.synthetic;

import java.util.Objects;

/**
 * A change of the population part-way through a session, as recordings drift: from trial
 * {@code onsetTrial} on, {@link DriftingSource} rewrites every trial's responses.
 *
 * @param kind         what changes
 * @param onsetTrial   first trial that differs
 * @param magnitude    GAIN_STEP and GAIN_RAMP: standard deviation of the log of each neuron's new
 *                     gain; SILENCE: share of neurons that fall silent; TUNING_SHIFT: standard
 *                     deviation, in degrees, of each neuron's shift of preferred direction
 * @param rampTrials   GAIN_RAMP: trials over which the gains move from 1 to their final values
 * @param seed         seed of the per-neuron draws
 */
public record DriftScenario(Kind kind, int onsetTrial, double magnitude, int rampTrials, long seed) {

    /** What changes at the onset. */
    public enum Kind {
        /** Every neuron's gain jumps to its own log-normal factor at once (e.g. a focus or laser change). */
        GAIN_STEP,
        /** The same per-neuron gains, reached gradually over {@code rampTrials} (slow bleaching, slow z drift). */
        GAIN_RAMP,
        /** A random share of the neurons responds 0 from the onset on (lost cells, motion out of plane). */
        SILENCE,
        /**
         * Preferred directions shift by a per-neuron random amount: neurons are re-mapped by rank, so the
         * neuron whose shifted preference ranks r-th takes the responses of the neuron whose preference ranks
         * r-th (representational drift; a permutation, so nothing is duplicated).
         */
        TUNING_SHIFT
    }

    public DriftScenario {
        Objects.requireNonNull(kind, "kind");
        if (onsetTrial < 0) {
            throw new IllegalArgumentException("onsetTrial must be >= 0, got " + onsetTrial);
        }
        if (kind == Kind.SILENCE) {
            Checks.inRange("magnitude (share of silent neurons)", magnitude, 0, 1);
        } else {
            Checks.nonNegativeFinite("magnitude", magnitude);
        }
        if (kind == Kind.GAIN_RAMP && rampTrials < 1) {
            throw new IllegalArgumentException("GAIN_RAMP needs rampTrials >= 1, got " + rampTrials);
        }
    }
}
