package io.livedecode.decoder.service;

import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.http.HttpVerticle;
import io.livedecode.decoder.live.LivePage;
import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.KernelThreads;
import io.livedecode.decoder.model.KernelWarmup;
import io.livedecode.decoder.provenance.ServiceInfo;
import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running decoder: the Kafka decoding loop on its own thread and the Vert.x HTTP surface,
 * sharing one Prometheus registry. {@link #start} wires them; {@link #close} stops consuming,
 * flushes outputs, commits and closes, in that order.
 */
public final class DecoderService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecoderService.class);

    private final Vertx vertx;
    private final DecodingLoop loop;
    private final DecodingVerticle decoding;
    private final HttpVerticle http;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final SpareModels spares;

    private DecoderService(Vertx vertx, DecodingLoop loop, DecodingVerticle decoding, HttpVerticle http,
                           PrometheusMeterRegistry registry, JvmGcMetrics gcMetrics, SpareModels spares) {
        this.spares = spares;
        this.vertx = vertx;
        this.loop = loop;
        this.decoding = decoding;
        this.http = http;
        this.registry = registry;
        this.gcMetrics = gcMetrics;
    }

    /** {@link #start(ServiceConfig, OutputListener)} with no listener. */
    public static DecoderService start(ServiceConfig config) {
        return start(config, OutputListener.NONE);
    }

    /**
     * Creates topics if configured, starts the HTTP server and the decoding loop; blocks until
     * listening. {@code listener} hears of every record the loop publishes (never of replayed frames).
     */
    public static DecoderService start(ServiceConfig config, OutputListener listener) {
        return start(config, listener, StageListener.NONE);
    }

    /** As {@link #start(ServiceConfig, OutputListener)}; {@code stages} hears the loop's per-frame timings. */
    public static DecoderService start(ServiceConfig config, OutputListener listener, StageListener stages) {
        useKernelThreads(config);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmGcMetrics gc = new JvmGcMetrics();
        List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics()).forEach(binder -> binder.bindTo(registry));
        SpareModels spares = null;
        Vertx vertx = null;
        try {
            KafkaClients clients = new KafkaClients(config.kafka());
            if (config.createTopics()) {
                try {
                    createTopics(config);
                } catch (RuntimeException e) {
                    throw KafkaAccessDenied.explain(e, config.kafka().security(), config.kafka().bootstrapServers());
                }
            }
            DecoderMetrics metrics = new DecoderMetrics(registry, config.maxSessionSeries(),
                    Arrays.stream(SetAsideReason.values()).map(SetAsideReason::code).toList(),
                    List.of("send_failed", "transaction_aborted", "producer_recreated", "snapshot_unusable"));
            Map<String, DecoderConfig> variants = VariantCatalog.resolve(config.variants(), config.periodDegrees(),
                    config.seed(), config.errorWindow());
            CompletableFuture<PathWarmup.Result> warmup = warmUpPath(config);
            spares = SpareModels.forService(config, variants.values());
            SessionRegistry sessions = new SessionRegistry(variants, metrics, config.maxSessions(), spares);
            FrameValidator validator = new FrameValidator(config.maxAbsResponse(), config.maxAbsStimulusDegrees(),
                    config.maxNeurons());
            LivePage live = new LivePage(config.variants(), config.periodDegrees(), config.errorWindow(), registry);
            LoopStages loopStages = new LoopStages(metrics.stages(), stages);
            Outputs outputs = new Outputs(config.topics(), metrics, live.feed().and(listener),
                    config.deliveryMode() == io.livedecode.decoder.config.DeliveryMode.EXACTLY_ONCE, loopStages);
            DecodingLoop loop = new DecodingLoop(new LoopContext(config, clients, metrics, sessions,
                    new FrameProcessor(metrics, config.passThrough(), loopStages), validator, outputs,
                    new KafkaHealth(metrics, heartbeatInterval(config)), loopStages), warmup);
            vertx = Vertx.vertx();
            HttpVerticle http = new HttpVerticle(config.httpHost(), config.httpPort(), registry, loop, config.adminToken(),
                    live, ServiceInfo.json(config, variants), new ModelQueries(loop, sessions), config.variants());
            try {
                vertx.deployVerticle(http).await();
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot serve HTTP on " + config.httpHost() + ":" + config.httpPort()
                        + ": " + e.getMessage(), e);
            }
            DecodingVerticle decoding = new DecodingVerticle(loop);
            vertx.deployVerticle(decoding).await();
            LOG.info("decoder started (kernel threads: {}): {}", KernelThreads.current(), config);
            return new DecoderService(vertx, loop, decoding, http, registry, gc, spares);
        } catch (RuntimeException | Error e) {
            try {
                release(vertx, spares, gc, registry);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Starts compiling the variants' code at {@code decoder.warmup-neurons} on a thread of its own,
     * the models' kernels ({@link KernelWarmup}) and then the service's per-frame code around them
     * ({@link PathWarmup}); once per JVM: a command may call this before it starts its broker, the
     * service then waits for the same warm-up. Runs in parallel with joining the group and recovery;
     * the loop takes no frame before it is done. Completes at once when the warm-up is off.
     */
    public static CompletableFuture<Duration> warmUp(ServiceConfig config) {
        return warmUpPath(config).thenApply(PathWarmup.Result::took);
    }

    /** {@link #warmUp}, with the snapshot staging the warm-up's session needed. */
    private static CompletableFuture<PathWarmup.Result> warmUpPath(ServiceConfig config) {
        useKernelThreads(config);
        if (config.warmupNeurons() == 0 || config.passThrough()) {
            return CompletableFuture.completedFuture(PathWarmup.Result.NONE);
        }
        Map<String, DecoderConfig> variants = VariantCatalog.resolve(config.variants(), config.periodDegrees(),
                config.seed(), config.errorWindow());
        CompletableFuture<PathWarmup.Result> warmup = PathWarmup.shared(variants, config.warmupNeurons());
        warmup.whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("warm-up failed, decoding starts without it: {}", failure.toString());
            } else {
                LOG.info("code of {} warmed up at {} neurons in {} ms", variants.keySet(), config.warmupNeurons(),
                        done.took().toMillis());
            }
        });
        return warmup;
    }

    /**
     * {@code decoder.kernel-threads}, for every model in this JVM (see {@link KernelThreads#forService}):
     * the last service started sets it, and it stays when the service closes.
     */
    private static void useKernelThreads(ServiceConfig config) {
        KernelThreads.use(KernelThreads.forService(config.kernelThreads()));
    }

    /** The frame consumer's heartbeat interval: its heartbeats are how the loop sees Kafka when idle. */
    private static Duration heartbeatInterval(ServiceConfig config) {
        Object v = config.kafka().clientProperties(config.kafka().consumer()).get("heartbeat.interval.ms");
        return Duration.ofMillis(v == null ? 3000 : Long.parseLong(String.valueOf(v).trim()));
    }

    private static void createTopics(ServiceConfig config) {
        int partitions = config.topicPartitions();
        try (TopicAdmin admin = TopicAdmin.connect(config.kafka().bootstrapServers(), config.kafka().adminProperties())) {
            if (config.labels().enabled()) {
                // The same count as frames: a session's labels land on its frames' partition number.
                admin.ensureTopics(List.of(TopicSpec.of(config.labels().topic(), partitions)));
            }
            admin.ensureTopics(List.of(
                    TopicSpec.of(config.topics().frames(), partitions),
                    TopicSpec.of(config.topics().decoded(), partitions),
                    TopicSpec.of(config.topics().deadLetter(), partitions),
                    // Small segments let compaction reclaim old snapshot chunks soon, which keeps the
                    // partition a recovery reads short.
                    TopicSpec.compacted(config.topics().snapshots(), partitions)
                            .withConfig("segment.bytes", Integer.toString(64 * 1024 * 1024))));
        }
    }

    public int httpPort() {
        return http.actualPort();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public boolean ready() {
        return loop.ready();
    }

    /** Completes when the kernel warm-up has finished (at once without one), with the time it took. */
    public java.util.concurrent.CompletionStage<Duration> warmup() {
        return loop.warmup();
    }

    public boolean healthy() {
        return loop.healthy();
    }

    /** Completes if the cluster refuses this service's credentials or certificate: the loop has then stopped. */
    public java.util.concurrent.CompletionStage<KafkaAccessDenied> accessDenied() {
        return loop.accessDenied();
    }

    /** Undeploys the verticles: the loop stops consuming, flushes, commits and closes; HTTP stops. */
    @Override
    public void close() {
        release(vertx, spares, gcMetrics, registry);
    }

    /** Stops what a start opened; {@code vertx} and {@code spares} may be null (not created, or none). */
    private static void release(Vertx vertx, SpareModels spares, JvmGcMetrics gc, PrometheusMeterRegistry registry) {
        try {
            if (vertx != null) {
                vertx.close().await();
            }
        } finally {
            if (spares != null) {
                spares.close();
            }
            gc.close();
            registry.close();
        }
    }
}
