package io.livedecode.decoder.service;

import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.protocol.FrameFormatException;
import io.livedecode.protocol.RejectReason;

/**
 * Turns a record's key and value into a frame a model may see, or refuses it with a reason:
 * the codec's structural checks plus this service's plausibility limits.
 */
public final class FrameValidator {

    private final double maxAbsResponse;
    private final double maxAbsStimulus;
    private final int maxNeurons;

    public FrameValidator(double maxAbsResponse, double maxAbsStimulusDegrees, int maxNeurons) {
        this.maxAbsResponse = maxAbsResponse;
        this.maxAbsStimulus = maxAbsStimulusDegrees;
        this.maxNeurons = maxNeurons;
    }

    /** The session id of a record, refusing records without a usable key. */
    public static String sessionOf(String key) throws FrameFormatException {
        if (key == null || key.isBlank()) {
            throw new FrameFormatException(RejectReason.MISSING_KEY,
                    "record has no key; the key names the session the frame belongs to");
        }
        return key;
    }

    /** Decodes and checks a frame value. */
    public Frame validate(byte[] value) throws FrameFormatException {
        Frame frame = FrameCodec.decode(value);
        if (frame.neurons() > maxNeurons) {
            // Models grow with the neuron count; one bad key must not create a gigabyte of them.
            throw new FrameFormatException(RejectReason.TOO_MANY_NEURONS, "frame has " + frame.neurons()
                    + " neurons, more than validation.max-neurons=" + maxNeurons);
        }
        double stimulus = frame.stimulusDegrees();
        if (Math.abs(stimulus) > maxAbsStimulus) {
            throw new FrameFormatException(RejectReason.ABSURD_VALUE, "stimulus " + stimulus
                    + " degrees is outside +-" + maxAbsStimulus);
        }
        float[] responses = frame.responses();
        for (int i = 0; i < responses.length; i++) {
            if (Math.abs(responses[i]) > maxAbsResponse) {
                throw new FrameFormatException(RejectReason.ABSURD_VALUE, "response of neuron " + i + " is "
                        + responses[i] + ", beyond the limit +-" + maxAbsResponse);
            }
        }
        return frame;
    }
}
