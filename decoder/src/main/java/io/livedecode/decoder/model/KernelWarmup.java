package io.livedecode.decoder.model;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compiles the code a session's models run, at the size they will run at, before the first frame
 * needs it. Until the JIT's optimising compiler has compiled the kernels, Vector API code boxes a
 * vector per operation and a 23,589-neuron frame takes tens to hundreds of milliseconds; the first
 * session's model creation also loads Smile's classes (0.3-0.4 s in a fresh JVM). A service that
 * starts frames cold makes the first few hundred frames queue behind that.
 *
 * <p>The warm-up builds throw-away decoders of the given configurations and neuron count and takes
 * them through what the service does per frame: labelled frames decoded then learned, unlabelled
 * ones decoded, a snapshot. It runs on a daemon thread of its own and shares nothing with any live
 * model (each decoder draws its randomness from its own counters, see {@link SplitMix64}), so it
 * changes no live model and no result.
 */
public final class KernelWarmup {
    /**
     * Labelled frames per configuration, each followed by an unlabelled one. The defaults' kernels
     * run compiled within the first few dozen frames at 23,589 neurons (the loop's own frame times
     * settle there); the rest is margin for a machine busy with a broker at the same time.
     */
    public static final int DEFAULT_FRAMES = 120;
    /** Decoders created per configuration, so model creation is compiled too. */
    private static final int CREATIONS = 3;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private KernelWarmup() {
    }

    /**
     * Runs the warm-up of {@code configs} at {@code neurons} on a new daemon thread.
     *
     * @return completes with the time taken, or exceptionally with what a configuration threw
     * @throws IllegalArgumentException if {@code neurons < 1}
     */
    public static CompletableFuture<Duration> start(Collection<DecoderConfig> configs, int neurons) {
        List<DecoderConfig> list = List.copyOf(configs);
        if (neurons < 1) {
            throw new IllegalArgumentException("warm-up neurons must be at least 1, got " + neurons);
        }
        CompletableFuture<Duration> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                done.complete(run(list, neurons, DEFAULT_FRAMES));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "livedecode-warmup-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** The warm-up on the calling thread: {@code frames} labelled and as many unlabelled frames per configuration. */
    public static Duration run(Collection<DecoderConfig> configs, int neurons, int frames) {
        long start = System.nanoTime();
        float[][] inputs = inputs(neurons);
        long sink = 0;
        for (DecoderConfig config : configs) {
            sink += exercise(config, neurons, inputs, frames);
        }
        // Keeps the work observable so none of it can be optimised away.
        if (sink == Long.MIN_VALUE) {
            throw new AssertionError();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static long exercise(DecoderConfig config, int neurons, float[][] inputs, int frames) {
        SplittableRandom random = new SplittableRandom(config.seed());
        StepResult result = new StepResult();
        OnlineDecoder decoder = null;
        int perDecoder = Math.max(1, frames / CREATIONS);
        long sink = 0;
        for (int t = 0; t < frames; t++) {
            if (t % perDecoder == 0 && t / perDecoder < CREATIONS) {
                decoder = new OnlineDecoder(config, neurons);
            }
            decoder.decode(inputs[t % inputs.length], random.nextDouble(config.periodDegrees()), result);
            decoder.learnDecoded(result);
            decoder.decode(inputs[(t + 1) % inputs.length], Double.NaN, result);
            decoder.learnDecoded(result);
            sink += result.version();
        }
        return sink + decoder.snapshot().length;
    }

    /** Non-negative, heavy-tailed responses like deconvolved fluorescence. */
    private static float[][] inputs(int neurons) {
        SplittableRandom r = new SplittableRandom(7);
        float[][] x = new float[4][neurons];
        for (float[] frame : x) {
            for (int i = 0; i < neurons; i++) {
                frame[i] = (float) Math.exp(1.5 + r.nextGaussian());
            }
        }
        return x;
    }
}
