package io.livedecode.decoder.bench;

import smile.model.mlp.Cost;
import smile.model.mlp.HiddenLayer;
import smile.model.mlp.InputLayer;
import smile.model.mlp.MultilayerPerceptron;
import smile.model.mlp.OutputFunction;
import smile.model.mlp.OutputLayer;
import smile.model.mlp.ActivationFunction;
import smile.tensor.Vector;
import smile.util.function.TimeFunction;

/**
 * Smile's own MLP training loop, unchanged, as the reference: predict is its forward pass (BLAS
 * gemv), update is its online step (forward again, back-propagation, BLAS ger, decay in a
 * separate pass).
 */
final class SmileStock extends MultilayerPerceptron {
    private final float[] result;

    SmileStock(int inputs, int hidden, int outputs, double learningRate, double lambda) {
        super(new InputLayer(inputs), new HiddenLayer(hidden, inputs, 0, ActivationFunction.rectifier()),
                new OutputLayer(outputs, hidden, OutputFunction.LINEAR, Cost.MEAN_SQUARED_ERROR));
        setLearningRate(TimeFunction.constant(learningRate));
        setWeightDecay(lambda);
        result = new float[outputs];
    }

    float[] predict(Vector x) {
        propagate(x, false);
        return output.output().toArray(result);
    }

    void update(Vector x, float[] y) {
        propagate(x, true);
        Vector t = target.get();
        for (int i = 0; i < y.length; i++) {
            t.set(i, y[i]);
        }
        backpropagate(true);
        this.t++;
    }
}
