package io.livedecode.decoder.model;

import io.livedecode.protocol.Angles;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.model.PrequentialEvaluation.ErrorSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One online pass over 1,600 frames of a 2,000-neuron von Mises population: the teaching
 * exercise's networks with cos/sin targets learn to a few degrees; regressing raw degrees is
 * clearly worse, mostly at the wrap.
 */
class AccuracyTest {
    private static final int NEURONS = 2000;
    private static final int FRAMES = 1600;
    private static final VonMisesPopulation POPULATION = new VonMisesPopulation(NEURONS, 2.0, 7);
    private static float[][] responses;
    private static double[] labels;

    @BeforeAll
    static void generate() {
        responses = new float[FRAMES][];
        labels = new double[FRAMES];
        for (int t = 0; t < FRAMES; t++) {
            responses[t] = POPULATION.responses(t);
            labels[t] = POPULATION.stimulus(t);
        }
    }

    private static double[] errors(DecoderConfig config) {
        return PrequentialEvaluation.errors(new OnlineDecoder(config, NEURONS), FRAMES, t -> responses[t], t -> labels[t]);
    }

    @Test
    void linearAndReluReachAFewDegreesWhileRawDegreesLagBehind() {
        ErrorSummary linear = PrequentialEvaluation.summarize(errors(DecoderConfig.linear()), FRAMES - 400, FRAMES);
        ErrorSummary relu = PrequentialEvaluation.summarize(errors(DecoderConfig.relu(200)), FRAMES - 400, FRAMES);
        ErrorSummary raw = PrequentialEvaluation.summarize(errors(DecoderConfig.linear().toBuilder()
                .targetEncoding(TargetEncoding.RAW_DEGREES).build()), FRAMES - 400, FRAMES);
        assertTrue(linear.median() < 5, "linear " + linear);
        assertTrue(relu.median() < 5, "relu200 " + relu);
        assertTrue(raw.median() > 2 * Math.max(linear.median(), relu.median()), "raw " + raw + " vs linear " + linear);
        assertTrue(raw.mean() > 3 * linear.mean(), "raw " + raw + " vs linear " + linear);
    }

    @Test
    void rehearsalLearnsMoreFromTheFirstFrames() {
        DecoderConfig rmsProp = DecoderConfig.relu(64).toBuilder().optimizer(Optimizer.RMSPROP).learningRate(3e-4).build();
        ErrorSummary plain = PrequentialEvaluation.summarize(errors(rmsProp), 0, 400);
        ErrorSummary rehearsed = PrequentialEvaluation.summarize(
                errors(rmsProp.toBuilder().rehearsal(7, 2000).build()), 0, 400);
        assertTrue(rehearsed.median() < 0.85 * plain.median(), "rehearsal " + rehearsed + " vs plain " + plain);
    }

    @Test
    void cosSinTargetsAreContinuousAcrossTheWrap() {
        double[] cosSin = errors(DecoderConfig.linear());
        double[] raw = errors(DecoderConfig.linear().toBuilder().targetEncoding(TargetEncoding.RAW_DEGREES).build());
        double[] nearWrapCosSin = nearWrap(cosSin);
        double[] nearWrapRaw = nearWrap(raw);
        ErrorSummary c = PrequentialEvaluation.summarize(nearWrapCosSin, 0, nearWrapCosSin.length);
        ErrorSummary r = PrequentialEvaluation.summarize(nearWrapRaw, 0, nearWrapRaw.length);
        assertTrue(c.frames() >= 20, "frames within 10 degrees of 0/360: " + c.frames());
        assertTrue(c.median() < 5 && c.max() < 30, "cos/sin near the wrap " + c);
        assertTrue(r.median() > 30, "raw degrees near the wrap " + r);
        for (double e : cosSin) {
            assertTrue(e >= 0 && e <= 180, "circular error out of range: " + e);
        }
    }

    /** Errors of the second half's frames whose label lies within 10 degrees of 0 = 360. */
    private static double[] nearWrap(double[] errors) {
        return java.util.stream.IntStream.range(FRAMES / 2, FRAMES)
                .filter(t -> Angles.circularDistance(labels[t], 0, 360) < 10)
                .mapToDouble(t -> errors[t]).toArray();
    }
}
