package io.livedecode.decoder.model;

import smile.model.mlp.ActivationFunction;
import smile.model.mlp.Layer;
import smile.tensor.ScalarType;
import smile.tensor.Vector;

/**
 * A Smile hidden layer whose weights start at zero, for {@link SmileNetwork} to initialise from its
 * seed. Smile's {@code HiddenLayer} constructor fills the weights from Smile's global generator, one
 * element at a time (most of the 0.3 s a 23,589 x 200 model took to create), only for the network to
 * overwrite them. The weights are stored without Smile's column padding (see
 * {@link CompactMatrices}), and the layer computes what {@code HiddenLayer} computes: the activation forward, its derivative and the transposed product
 * backward.
 */
final class AllocatedHiddenLayer extends Layer {
    private static final long serialVersionUID = 1L;

    private final ActivationFunction activation;

    AllocatedHiddenLayer(int units, int inputs, double dropout, ActivationFunction activation) {
        super(CompactMatrices.zeros(units, inputs), Vector.zeros(ScalarType.Float32, units), dropout);
        this.activation = activation;
    }

    @Override
    public void transform(Vector x) {
        activation.f(x);
    }

    @Override
    public void backpropagate(Vector lowerLayerGradient) {
        Vector gradient = gradient();
        activation.g(gradient, output());
        if (lowerLayerGradient != null) {
            weight.tv(gradient, lowerLayerGradient);
        }
    }

    @Override
    public String toString() {
        return dropout > 0 ? String.format("%s(%d, %.2f)", activation.name(), n, dropout)
                : String.format("%s(%d)", activation.name(), n);
    }
}
