package io.livedecode.simulator.calibration;

import io.livedecode.simulator.source.TrialSource;

/**
 * Responses of a range of trials held neuron by neuron ({@code values[neuron][trial]}) and centred
 * on each neuron's mean over those trials, with the stimulus angle of each trial: the layout the
 * Gram matrix and the primal weights of a ridge fit are computed from.
 */
final class ResponseMatrix {

    final float[][] values;
    final double[] means;
    final double[] anglesDegrees;

    private ResponseMatrix(float[][] values, double[] anglesDegrees) {
        this.values = values;
        this.anglesDegrees = anglesDegrees;
        this.means = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            float[] row = values[k];
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            double mean = sum / row.length;
            means[k] = mean;
            float m = (float) mean;
            for (int i = 0; i < row.length; i++) {
                row[i] -= m;
            }
        }
    }

    static ResponseMatrix fromSource(TrialSource source, int from, int to) {
        TrialReader.checkRange(source, from, to);
        int trials = to - from;
        float[][] values = new float[source.neurons()][trials];
        double[] angles = new double[trials];
        TrialReader.forEachBatch(source, from, to, batch -> {
            int first = batch[0].index() - from;
            for (int b = 0; b < batch.length; b++) {
                angles[first + b] = checkedAngle(batch[b].stimulusDegrees(), batch[b].index());
                if (batch[b].responses().length != values.length) {
                    throw new IllegalArgumentException(String.format("trial %d has %d responses, expected %d",
                            batch[b].index(), batch[b].responses().length, values.length));
                }
            }
            // Neuron by neuron, so each row receives a run of consecutive trials at once.
            for (int k = 0; k < values.length; k++) {
                float[] row = values[k];
                for (int b = 0; b < batch.length; b++) {
                    row[first + b] = batch[b].responses()[k];
                }
            }
        });
        return new ResponseMatrix(values, angles);
    }

    /** From trial-major rows ({@code responses[trial][neuron]}), which are copied. */
    static ResponseMatrix fromRows(float[][] responses, double[] anglesDegrees) {
        if (responses.length == 0 || responses.length != anglesDegrees.length) {
            throw new IllegalArgumentException(String.format(
                    "need as many angles as trials, and at least one: %d trials, %d angles",
                    responses.length, anglesDegrees.length));
        }
        int neurons = responses[0].length;
        float[][] values = new float[neurons][responses.length];
        double[] angles = new double[responses.length];
        for (int i = 0; i < responses.length; i++) {
            if (responses[i].length != neurons) {
                throw new IllegalArgumentException(String.format(
                        "trial %d has %d responses, trial 0 has %d", i, responses[i].length, neurons));
            }
            angles[i] = checkedAngle(anglesDegrees[i], i);
            for (int k = 0; k < neurons; k++) {
                values[k][i] = responses[i][k];
            }
        }
        return new ResponseMatrix(values, angles);
    }

    private static double checkedAngle(double degrees, int trial) {
        if (!Double.isFinite(degrees)) {
            throw new IllegalArgumentException("trial " + trial + " has no stimulus angle (" + degrees + ")");
        }
        return degrees;
    }

    int neurons() {
        return values.length;
    }

    int trials() {
        return anglesDegrees.length;
    }
}
