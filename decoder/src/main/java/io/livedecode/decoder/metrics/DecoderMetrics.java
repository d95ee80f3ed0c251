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
    private final AtomicLong kafkaReachable = new AtomicLong(1);
    private final Map<String, Counter> setAside = new ConcurrentHashMap<>();
    private final Map<String, Counter> rewinds = new ConcurrentHashMap<>();
    private final Counter evicted;
    private final Counter missing;
    private final Counter repeated;
    private final Counter reordered;
    private final Counter stale;
    private final Counter future;
    private final Counter labelIgnored;
    private final Counter snapshotsWritten;
    private final Counter hangingTransactionsAborted;
    private final SessionSeries series;
    private final StageTimers stages;

    /** Every session gets its own label on per-session meters. */
    public DecoderMetrics(MeterRegistry registry) {
        this(registry, Integer.MAX_VALUE, java.util.List.of(), java.util.List.of());
    }

    /**
     * @param maxSessionSeries sessions with their own {@code session} label; later ones share
     *                         {@value SessionSeries#OTHER}
     * @param setAsideReasons  values of the set-aside counter's {@code reason} tag, registered at zero
     * @param rewindCauses     values of the rewind counter's {@code cause} tag, registered at zero
     */
    public DecoderMetrics(MeterRegistry registry, int maxSessionSeries, java.util.List<String> setAsideReasons,
                          java.util.List<String> rewindCauses) {
        this.registry = registry;
        this.series = new SessionSeries(registry, maxSessionSeries);
        this.stages = new StageTimers(registry);
        setAsideReasons.forEach(this::setAsideCounter);
        rewindCauses.forEach(this::rewindCounter);
        this.evicted = Counter.builder("livedecode.sessions.evicted")
                .description("Sessions snapshotted and dropped from memory (idle, or beyond the session limit)")
                .register(registry);
        this.snapshotsWritten = Counter.builder("livedecode.snapshots.written")
                .description("Session snapshots written completely (all chunks acknowledged)").register(registry);
        this.hangingTransactionsAborted = Counter.builder("livedecode.hanging.transactions.aborted")
                .description("Transactions aborted that hung on the group's offsets partition, holding its"
                        + " committed offsets back").register(registry);
        Gauge.builder("livedecode.kafka.reachable", kafkaReachable, AtomicLong::get)
                .description("1 while the Kafka cluster answers, 0 while the decoder waits for it").register(registry);
        this.missing = sequenceCounter("missing");
        this.repeated = sequenceCounter("repeated");
        this.reordered = sequenceCounter("reordered");
        this.stale = clockCounter("stale");
        this.future = clockCounter("future");
        this.labelIgnored = Counter.builder("livedecode.labels.ignored")
                .description("Frames flagged LABEL_FOLLOWS while labels.enabled=false: decoded, never learned")
                .register(registry);
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

    /** {@code livedecode_stage_seconds}: the decoding loop's steps. */
    public StageTimers stages() {
        return stages;
    }

    public void frameDecoded() {
        decoded.increment();
    }

    public void frameRejected(RejectReason reason) {
        rejected.increment();
        rejectedByReason.get(reason).increment();
    }

    /** Frame indices that never arrived (counted once a later frame has moved the session's window past them). */
    public void framesMissing(long count) {
        missing.increment(count);
    }

    public void frameRepeated() {
        repeated.increment();
    }

    /** A frame that came after a later one of its session. */
    public void frameReordered() {
        reordered.increment();
    }

    /** A frame whose label was to follow on the labels topic, which this decoder does not read. */
    public void labelIgnored() {
        labelIgnored.increment();
    }

    /** A frame older than the configured age when it arrived. */
    public void frameStale() {
        stale.increment();
    }

    /** A frame acquired, by its own clock, further ahead of ours than the configured skew. */
    public void frameFromTheFuture() {
        future.increment();
    }

    /** Acquisition to publication of one decoded record (a frame from the future counts as 0). */
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

    /** Meters for one session and variant; release them with {@link VariantMeters#remove()}. */
    public VariantMeters forVariant(String session, String variant) {
        return series.meters(session, variant);
    }

    /** A snapshot or catalog record that could not be used. */
    public void snapshotSetAside(String reason) {
        setAsideCounter(reason).increment();
    }

    /** Partitions rebuilt from their last commit, by what forced it. */
    public void rewound(String cause) {
        rewindCounter(cause).increment();
    }

    public void hangingTransactionsAborted(int count) {
        hangingTransactionsAborted.increment(count);
    }

    public void sessionEvicted() {
        evicted.increment();
    }

    public void snapshotWritten() {
        snapshotsWritten.increment();
    }

    public void kafkaReachable(boolean reachable) {
        kafkaReachable.set(reachable ? 1 : 0);
    }

    private Counter setAsideCounter(String reason) {
        return setAside.computeIfAbsent(reason, r -> Counter.builder("livedecode.snapshots.set.aside")
                .description("Snapshot and catalog records that could not be used, by reason").tag("reason", r)
                .register(registry));
    }

    private Counter rewindCounter(String cause) {
        return rewinds.computeIfAbsent(cause, c -> Counter.builder("livedecode.rewinds")
                .description("Partitions rebuilt from their last commit (snapshots plus replay), by cause")
                .tag("cause", c).register(registry));
    }

    private Counter sequenceCounter(String kind) {
        return Counter.builder("livedecode.frames.sequence")
                .description("Frames missing, repeated or reordered within their session's frame indices")
                .tag("kind", kind).register(registry);
    }

    private Counter clockCounter(String kind) {
        return Counter.builder("livedecode.frames.clock")
                .description("Frames whose acquisition time was too old (stale) or ahead of this clock (future) on arrival")
                .tag("kind", kind).register(registry);
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
