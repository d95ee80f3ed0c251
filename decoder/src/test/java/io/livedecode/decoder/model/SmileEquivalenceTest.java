package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import smile.model.mlp.InputLayer;
import smile.model.mlp.Layer;
import smile.model.mlp.MultilayerPerceptron;
import smile.tensor.Vector;
import smile.util.function.TimeFunction;

/**
 * The fused kernels compute Smile's own algorithm: running Smile's forward pass and online
 * update (BLAS) on the very same layers gives the same outputs and weights, up to float rounding.
 * Without weight decay: ours follows PyTorch's {@code weight_decay} (biases decay too, see
 * {@code TorchEquivalenceTest}), Smile's decays the weights only.
 */
class SmileEquivalenceTest {
    private static final int INPUTS = 300;

    /** Smile's training loop over the layers of one of our networks. */
    private static final class SmileTrainer extends MultilayerPerceptron {
        SmileTrainer(Layer... net) {
            super(net);
        }

        float[] forward(float[] z) {
            propagate(Vector.column(z.clone()), false);
            return output.output().toArray(new float[output.getOutputSize()]);
        }

        void step(float[] z, float[] target) {
            propagate(Vector.column(z.clone()), true);
            for (int i = 0; i < target.length; i++) {
                this.target.get().set(i, target[i]);
            }
            backpropagate(true);
            t++;
        }
    }

    @Test
    void forwardAndSgdWithMomentumMatchSmile() {
        DecoderConfig config = DecoderConfig.relu(24).toBuilder().learningRate(0.05).momentum(0.7).build();
        SmileNetwork ours = new SmileNetwork(config, INPUTS, WeightKernels.best());
        SmileNetwork theirs = new SmileNetwork(config, INPUTS, WeightKernels.best());
        ours.initialise();
        theirs.initialise();
        SmileTrainer smile = new SmileTrainer(new InputLayer(INPUTS), theirs.layers()[0].smile, theirs.layers()[1].smile);
        smile.setLearningRate(TimeFunction.constant(config.learningRate()));
        smile.setMomentum(TimeFunction.constant(config.momentum()));

        VonMisesPopulation population = new VonMisesPopulation(INPUTS, 2.0, 1);
        OnlineStandardizer standardizer = new OnlineStandardizer(INPUTS, WeightKernels.best());
        float[] z = new float[INPUTS];
        float[] target = new float[2];
        TargetCodec codec = new TargetCodec(TargetEncoding.COS_SIN, 360);
        for (int t = 0; t < 20; t++) {
            float zMax = standardizer.include(population.responses(t), z);
            standardizer.commit();
            codec.encode(population.stimulus(t), target);
            float[] expected = smile.forward(z);
            float[] actual = ours.predict(z);
            assertEquals(expected[0], actual[0], 1e-5);
            assertEquals(expected[1], actual[1], 1e-5);
            smile.step(z, target);
            ours.learn(z, zMax, target, config.learningRate(), t);
        }
        for (int l = 0; l < 2; l++) {
            NetworkLayer a = ours.layers()[l];
            NetworkLayer b = theirs.layers()[l];
            for (int j = 0; j < a.cols; j++) {
                for (int i = 0; i < a.rows; i++) {
                    assertEquals(b.weight[j * b.ld + i], a.weight[j * a.ld + i], 1e-5, "layer " + l);
                }
            }
            for (int i = 0; i < a.rows; i++) {
                assertEquals(b.bias[i], a.bias[i], 1e-5);
            }
        }
        assertEquals(List.of(24), config.hiddenLayers());
    }
}
