package io.livedecode.simulator.dataset;

import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;
import java.util.Locale;
import java.util.Objects;

/**
 * A recorded session loaded from a file: float32 responses held trial by trial, with the
 * stimulus angle and acquisition time of every trial. Immutable, so safe to read from any thread.
 */
public final class LoadedSession implements TrialSource {

    private final String origin;
    private final float[][] responses;
    private final double[] stimulusDegrees;
    private final double[] acquisitionSeconds;
    private final String timing;

    /**
     * @param responses          one row per trial, all of the same length; kept, not copied
     * @param stimulusDegrees    per trial, any real angle, normalised here to [0, 360); NaN where unknown
     * @param acquisitionSeconds per trial, from the session start
     */
    LoadedSession(String origin, float[][] responses, double[] stimulusDegrees, double[] acquisitionSeconds,
                  String timing) {
        this.origin = Objects.requireNonNull(origin);
        this.timing = Objects.requireNonNull(timing);
        if (responses.length == 0 || stimulusDegrees.length != responses.length
                || acquisitionSeconds.length != responses.length) {
            throw new IllegalArgumentException(String.format(
                    "%s: %d response rows, %d stimuli and %d times; expected one of each per trial, at least one",
                    origin, responses.length, stimulusDegrees.length, acquisitionSeconds.length));
        }
        this.responses = responses;
        this.stimulusDegrees = new double[stimulusDegrees.length];
        for (int i = 0; i < stimulusDegrees.length; i++) {
            this.stimulusDegrees[i] = normaliseDegrees(stimulusDegrees[i]);
        }
        this.acquisitionSeconds = acquisitionSeconds.clone();
    }

    /** Maps any finite angle to [0, 360); NaN stays NaN. */
    static double normaliseDegrees(double degrees) {
        double d = degrees % 360.0;
        if (d < 0) {
            d += 360.0;
        }
        // A tiny negative remainder plus 360 rounds to 360 itself.
        return d >= 360.0 ? 0.0 : d;
    }

    @Override
    public int neurons() {
        return responses[0].length;
    }

    @Override
    public int trials() {
        return responses.length;
    }

    @Override
    public Trial trial(int index) {
        Objects.checkIndex(index, responses.length);
        return new Trial(index, stimulusDegrees[index], acquisitionSeconds[index], responses[index].clone());
    }

    /** The file this session came from. */
    public String origin() {
        return origin;
    }

    /** Where the acquisition times came from, e.g. {@code "stimtimes (seconds)"} or a fixed interval and why. */
    public String timing() {
        return timing;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d trials x %d neurons, times from %s",
                origin, trials(), neurons(), timing);
    }
}
