package io.livedecode.decoder.model;

import smile.model.mlp.ActivationFunction;

/** The non-linearity of the hidden layers. */
public enum Activation {
    /** No non-linearity: the network stays a (factored) linear map, as in the teaching exercise's DeepNet. */
    LINEAR,
    /** Rectified linear units, as in the teaching exercise's DeepNetReLU. */
    RELU;

    /** The Smile activation function implementing this non-linearity. */
    ActivationFunction smile() {
        return switch (this) {
            case LINEAR -> ActivationFunction.linear();
            case RELU -> ActivationFunction.rectifier();
        };
    }
}
