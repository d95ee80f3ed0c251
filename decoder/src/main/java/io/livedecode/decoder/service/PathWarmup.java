package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.KernelWarmup;
import io.livedecode.decoder.model.SnapshotStaging;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.protocol.FrameFormatException;
import io.livedecode.protocol.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Runs the service's own per-frame code around the models once, on throw-away objects, so a new
 * session's first frame does not pay for it: frame encoding and validation, session creation (models
 * and per-session meters), decoding, the decoded records' JSON both ways, the first recording of every
 * timer, a snapshot captured, serialised and read back, and one scrape. Measured at 23,589 neurons
 * with linear and relu200 after the kernel warm-up alone, the first frame of the first session spent
 * 35 ms recording its first latency and 6-10 ms creating its first meters, beside its models.
 *
 * <p>Everything here is its own: a private meter registry, a session registry, and a producer that
 * completes every send at once and is cleared after each frame; nothing reaches Kafka, the service's
 * meters or a live model.
 */
final class PathWarmup {

    /** Frames through the path, each labelled. */
    static final int FRAMES = 12;

    /**
     * What a warm-up took, and the staging its session's snapshot needed: a live session of the same
     * variants and neuron count needs as much (more with late labels queued or a rehearsal buffer
     * that has filled since, which grow it), and a staging of that size made ahead spares the loop
     * thread growing one while it captures.
     */
    record Result(Duration took, SnapshotStaging.Size snapshotStaging) {
        /** No warm-up ran. */
        static final Result NONE = new Result(Duration.ZERO, SnapshotStaging.Size.EMPTY);

        Result after(Duration earlier) {
            return new Result(earlier.plus(took), snapshotStaging);
        }
    }

    private static final String SESSION = "warm-up";
    /** Warm-ups by (configurations, neuron count), as {@link KernelWarmup#shared}. */
    private static final Map<List<Object>, CompletableFuture<Result>> SHARED = new ConcurrentHashMap<>();

    private PathWarmup() {
    }

    /**
     * The kernel warm-up of {@code variants} at {@code neurons}, then this one, on a daemon thread; once
     * per JVM for the same variants and neuron count (a second call returns the first call's).
     *
     * @return completes with the time both took and the snapshot staging this one used, or
     *         exceptionally with what either threw
     */
    static CompletableFuture<Result> shared(Map<String, DecoderConfig> variants, int neurons) {
        Map<String, DecoderConfig> copy = new LinkedHashMap<>(variants);
        return SHARED.computeIfAbsent(List.of(List.copyOf(copy.entrySet()), neurons), key ->
                KernelWarmup.shared(copy.values(), neurons).thenApplyAsync(kernels -> run(copy, neurons).after(kernels),
                        task -> Thread.ofPlatform().daemon().name("livedecode-path-warmup").start(task)));
    }

    /**
     * Runs {@value #FRAMES} frames of {@code neurons} through {@code variants} on the calling thread.
     *
     * @return the time it took and the staging its snapshot used
     */
    static Result run(Map<String, DecoderConfig> variants, int neurons) {
        long start = System.nanoTime();
        SnapshotStaging staging = new SnapshotStaging();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer())) {
            DecoderMetrics metrics = new DecoderMetrics(registry);
            LoopStages stages = new LoopStages(metrics.stages(), StageListener.NONE);
            SessionRegistry sessions = new SessionRegistry(variants, metrics, 1);
            FrameValidator validator = new FrameValidator(Double.MAX_VALUE, Double.MAX_VALUE, neurons);
            FrameProcessor processor = new FrameProcessor(metrics, false, stages);
            Outputs outputs = new Outputs(new Topics(""), metrics, OutputListener.NONE, false, stages);
            Session session = sessions.create(SESSION, 0, neurons);
            SplittableRandom random = new SplittableRandom(13);
            float[] responses = new float[neurons];
            long sink = 0;
            for (int t = 0; t < FRAMES; t++) {
                for (int i = 0; i < neurons; i++) {
                    responses[i] = (float) Math.exp(1.5 + random.nextGaussian());
                }
                Frame frame = validator.validate(FrameCodec.encode(new Frame(t, EpochNanos.now(),
                        random.nextDouble(360), responses)));
                stages.begin(session, frame.frameIndex(), 0, 0);
                FrameProcessor.Result result = processor.decode(session, frame, true, false, false);
                outputs.decoded(producer, result.outputs(), null);
                processor.learn(result, false);
                stages.done();
                for (DecodedRecord d : result.outputs()) {
                    sink += DecodedRecord.fromJson(d.toJson()).modelVersion();
                }
                producer.clear();
            }
            SessionSnapshot.Captured captured = SessionSnapshot.capture(session, staging);
            sink += SessionSnapshot.read(captured.bytes()).neurons();
            sink += registry.scrape().length();
            // Keeps the work observable so none of it can be optimised away.
            if (sink == Long.MIN_VALUE) {
                throw new AssertionError();
            }
        } catch (FrameFormatException e) {
            throw new IllegalStateException("the warm-up's own frame was refused: " + e.getMessage(), e);
        } finally {
            registry.close();
        }
        return new Result(Duration.ofNanos(System.nanoTime() - start), staging.used());
    }
}
