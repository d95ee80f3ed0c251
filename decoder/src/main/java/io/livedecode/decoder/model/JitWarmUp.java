package io.livedecode.decoder.model;

import java.util.SplittableRandom;

/**
 * Runs a throw-away decoder of each configuration on small random frames, so the JIT has compiled
 * the weight kernels before the first real frame arrives. Without it the first few hundred frames
 * of a session run through interpreted Vector API code, hundreds of milliseconds each.
 */
public final class JitWarmUp {

    private static final int NEURONS = 2048;

    private JitWarmUp() {
    }

    /** Steps a fresh decoder of {@code config} through {@code frames} random labelled frames. */
    public static void run(DecoderConfig config, int frames) {
        OnlineDecoder decoder = new OnlineDecoder(config, NEURONS);
        SplittableRandom random = new SplittableRandom(config.seed());
        float[] x = new float[NEURONS];
        StepResult result = new StepResult();
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < NEURONS; i++) {
                x[i] = (float) random.nextDouble(10);
            }
            decoder.decode(x, random.nextDouble(config.periodDegrees()), result);
            decoder.learnDecoded(result);
            decoder.predict(x);
        }
    }
}
