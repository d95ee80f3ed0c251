package io.livedecode.decoder.model;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
     * Labelled frames, each followed by an unlabelled one. Measured at 23,589 neurons with linear and
     * relu200 from a cold JVM: without a warm-up their first step took 572 ms (and the first model
     * 0.28 s to create, Smile's classes loading), steps 1-9 10-240 ms; after this warm-up (1.9 s)
     * the first step of new models took 4.3 ms and none of the next 300 more than 6.1 ms.
     */
    public static final int DEFAULT_FRAMES = 40;
    /** Decoders created per configuration, so model creation is compiled too. */
    private static final int CREATIONS = 2;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Warm-ups by (configurations, neuron count): the JIT's work is shared by the whole JVM. */
    private static final Map<List<Object>, CompletableFuture<Duration>> SHARED = new ConcurrentHashMap<>();

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

    /**
     * {@link #start}, once per JVM for the same configurations and neuron count: a second call returns
     * the first call's warm-up, running or done (so a command can start it early, e.g. while its
     * broker starts, and the service it then starts waits for the same one).
     */
    public static CompletableFuture<Duration> shared(Collection<DecoderConfig> configs, int neurons) {
        return SHARED.computeIfAbsent(List.of(List.copyOf(configs), neurons), key -> start(configs, neurons));
    }

    /**
     * The warm-up on the calling thread: {@code frames} labelled and as many unlabelled frames,
     * every frame through every configuration in turn, as the service runs a session's variants.
     * Interleaving matters: the JIT compiles a kernel for the loop shapes and branches it has seen,
     * and a warm-up that ran the configurations one after the other (linear's 2-row layer, then
     * relu200's) left code that relu200's frames then ran at 25-30 ms instead of 3 (measured at
     * 23,589 neurons, 40 frames).
     */
    public static Duration run(Collection<DecoderConfig> configs, int neurons, int frames) {
        long start = System.nanoTime();
        List<DecoderConfig> list = List.copyOf(configs);
        float[][] inputs = inputs(neurons);
        SplittableRandom random = new SplittableRandom(11);
        StepResult result = new StepResult();
        OnlineDecoder[] decoders = new OnlineDecoder[list.size()];
        int perDecoder = Math.max(1, frames / CREATIONS);
        long sink = 0;
        for (int t = 0; t < frames; t++) {
            if (t % perDecoder == 0 && t / perDecoder < CREATIONS) {
                for (int v = 0; v < decoders.length; v++) {
                    decoders[v] = new OnlineDecoder(list.get(v), neurons);
                }
            }
            float[] labelled = inputs[t % inputs.length];
            float[] unlabelled = inputs[(t + 1) % inputs.length];
            for (OnlineDecoder d : decoders) {
                d.decode(labelled, random.nextDouble(d.config().periodDegrees()), result);
                d.learnDecoded(result);
                sink += result.version();
            }
            for (OnlineDecoder d : decoders) {
                d.decode(unlabelled, Double.NaN, result);
                d.learnDecoded(result);
            }
        }
        for (OnlineDecoder d : decoders) {
            sink += d == null ? 0 : d.snapshot().length;
        }
        // Keeps the work observable so none of it can be optimised away.
        if (sink == Long.MIN_VALUE) {
            throw new AssertionError();
        }
        return Duration.ofNanos(System.nanoTime() - start);
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
