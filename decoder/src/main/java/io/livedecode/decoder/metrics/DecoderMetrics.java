package io.livedecode.decoder.metrics;

import io.livedecode.protocol.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service-wide meters. Names are Micrometer's dotted form; the Prometheus registry renders
 * them as {@code livedecode_frames_total}, {@code livedecode_decode_latency_seconds_bucket}, ...
 * Per-session meters live in {@link VariantMeters}. The README lists every name with its labels.
 */
public final class DecoderMetrics {

    private final MeterRegistry registry;
    private final Counter decoded;
    private final Counter rejected;
    private final Map<RejectReason, Counter> rejectedByReason = new EnumMap<>(RejectReason.class);
    private final Map<String, Timer> latencyByVariant = new ConcurrentHashMap<>();
    private final Map<String, Timer> processingByVariant = new ConcurrentHashMap<>();
    private final AtomicLong consumerLag = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong ready = new AtomicLong();

    public DecoderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.decoded = framesCounter("decoded");
        this.rejected = framesCounter("rejected");
        for (RejectReason reason : RejectReason.values()) {
            rejectedByReason.put(reason, Counter.builder("livedecode.frames.rejected")
                    .description("Frames sent to the dead-letter topic, by reason")
                    .tag("reason", reason.code()).register(registry));
        }
        Gauge.builder("livedecode.consumer.lag", consumerLag, AtomicLong::get).baseUnit("records")
                .description("Records behind the end of the assigned frame partitions").register(registry);
        Gauge.builder("livedecode.sessions.active", sessions, AtomicLong::get)
                .description("Sessions with models in this instance").register(registry);
        Gauge.builder("livedecode.ready", ready, AtomicLong::get)
                .description("1 when partitions are assigned and models restored, else 0").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void frameDecoded() {
        decoded.increment();
    }

    public void frameRejected(RejectReason reason) {
        rejected.increment();
        rejectedByReason.get(reason).increment();
    }

    /** Acquisition to publication of one decoded record. */
    public void latency(String variant, long nanos) {
        latencyByVariant.computeIfAbsent(variant, v -> timer("livedecode.decode.latency",
                "Time from frame acquisition to publication of its decoded record", v))
                .record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** Time one variant spent decoding and learning one frame. */
    public void processing(String variant, long nanos) {
        processingByVariant.computeIfAbsent(variant, v -> timer("livedecode.processing",
                "Time one decoder variant spends predicting and learning one frame", v))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void consumerLag(long records) {
        consumerLag.set(records);
    }

    public void activeSessions(int count) {
        sessions.set(count);
    }

    public void ready(boolean isReady) {
        ready.set(isReady ? 1 : 0);
    }

    /** Meters for one session and variant. */
    public VariantMeters forVariant(String session, String variant) {
        return new VariantMeters(registry, session, variant);
    }

    private Counter framesCounter(String outcome) {
        return Counter.builder("livedecode.frames").description("Frames consumed, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Timer timer(String name, String description, String variant) {
        return Timer.builder(name).description(description).tag("variant", variant)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }
}
