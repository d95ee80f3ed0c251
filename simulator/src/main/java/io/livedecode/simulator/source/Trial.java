package io.livedecode.simulator.source;

/**
 * One stimulus presentation of a recorded or synthetic session.
 *
 * @param index             position of the trial in its session, from 0
 * @param stimulusDegrees   the stimulus angle in degrees, in [0, 360); NaN when no stimulus was shown
 *                          (a recording replayed frame by frame, between trials)
 * @param acquisitionSeconds when the response was acquired, in seconds from the session start;
 *                          replay paces frames by the differences of these values
 * @param responses         one response per neuron; the array belongs to the caller
 */
public record Trial(int index, double stimulusDegrees, double acquisitionSeconds, float[] responses) {
}
