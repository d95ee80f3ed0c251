package io.livedecode.decoder.config;

import io.livedecode.decoder.model.KernelThreads;
import io.livedecode.protocol.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The decoder service's whole configuration, parsed once from the merged layers and validated.
 * See {@code livedecode-defaults.properties} for what each key means.
 */
public record ServiceConfig(
        KafkaConfig kafka,
        Topics topics,
        int topicPartitions,
        boolean createTopics,
        DeliveryMode deliveryMode,
        int maxPollRecords,
        Duration commitInterval,
        Duration learnAfterAck,
        List<String> variants,
        double periodDegrees,
        long seed,
        double maxAbsResponse,
        double maxAbsStimulusDegrees,
        int maxNeurons,
        Duration maxFrameAge,
        Duration maxClockSkew,
        int snapshotIntervalFrames,
        long snapshotWriteBytesPerSecond,
        int maxSessions,
        Duration sessionIdleTimeout,
        int maxSessionSeries,
        String httpHost,
        int httpPort,
        String adminToken,
        int errorWindow,
        boolean passThrough,
        int warmupNeurons,
        int kernelThreads,
        LabelSettings labels) {

    /** Parses and validates a merged configuration map (see {@link ConfigLayers}). */
    public static ServiceConfig from(Map<String, String> merged) {
        ConfigValues v = new ConfigValues(merged);
        double period = v.positive("decoder.period-degrees");
        if (period != 180 && period != 360) {
            throw new ConfigException("decoder.period-degrees=" + v.text("decoder.period-degrees") + " must be 180 or 360");
        }
        Topics topics;
        try {
            topics = new Topics(v.text("topics.prefix"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("topics.prefix: " + e.getMessage());
        }
        DeliveryMode mode = DeliveryMode.parse(v.text("delivery.mode"));
        return new ServiceConfig(
                KafkaConfig.from(v),
                topics,
                v.intInRange("topics.partitions", 1, 10_000),
                v.bool("topics.create"),
                mode,
                v.intInRange("delivery.max-poll-records", 1, 100_000),
                Duration.ofMillis(v.longInRange("delivery.commit-interval-ms", 1, 3_600_000)),
                Duration.ofMillis(v.longInRange("delivery.learn-after-ack-ms", 0, 1_000)),
                v.list("decoder.variants"),
                period,
                v.longInRange("decoder.seed", Long.MIN_VALUE, Long.MAX_VALUE),
                v.positive("validation.max-abs-response"),
                v.positive("validation.max-abs-stimulus-degrees"),
                v.intInRange("validation.max-neurons", 1, 1_048_576),
                Duration.ofMillis(v.longInRange("frames.max-age-ms", 0, 365L * 24 * 3_600_000)),
                Duration.ofMillis(v.longInRange("frames.max-clock-skew-ms", 0, 365L * 24 * 3_600_000)),
                v.intInRange("snapshot.interval-frames", 1, 100_000_000),
                v.longInRange("snapshot.write-mb-per-s", 0, 100_000) * 1_000_000L,
                v.intInRange("sessions.max-per-instance", 1, 1_000_000),
                Duration.ofMillis(v.longInRange("sessions.idle-evict-ms", 1, 365L * 24 * 3_600_000)),
                v.intInRange("metrics.max-session-series", 0, 1_000_000),
                v.text("http.host"),
                v.intInRange("http.port", 0, 65_535),
                v.text("admin.token"),
                v.intInRange("metrics.error-window", 1, 1_000_000),
                v.bool("decoder.pass-through"),
                v.intInRange("decoder.warmup-neurons", 0, 1_048_576),
                v.intInRange("decoder.kernel-threads", 0, KernelThreads.MAX),
                LabelSettings.from(v, topics, mode));
    }

    /** Admin endpoints are on only when a token is configured. */
    public boolean adminEnabled() {
        return !adminToken.isEmpty();
    }

    /** Keeps the admin token and Kafka secrets out of logs. */
    @Override
    public String toString() {
        return "ServiceConfig[kafka=" + kafka + ", topics=" + topics + ", partitions=" + topicPartitions
                + ", delivery=" + deliveryMode.text() + ", variants=" + variants + (passThrough ? " (pass-through: no model runs)" : "") + ", period=" + periodDegrees
                + (warmupNeurons > 0 ? ", warmUpAt=" + warmupNeurons + " neurons" : "")
                + ", kernelThreads=" + (kernelThreads == 0 ? "jvm setting or all cores" : Integer.toString(kernelThreads))
                + ", snapshotEvery=" + snapshotIntervalFrames
                + ", snapshotWrite=" + (snapshotWriteBytesPerSecond == 0 ? "unpaced" : snapshotWriteBytesPerSecond / 1_000_000 + " MB/s")
                + (labels.enabled() ? ", labels=" + labels.topic() + " lag " + labels.lagFrames() + " frames" : "")
                + ", maxNeurons=" + maxNeurons + ", maxSessions=" + maxSessions + ", http=" + httpHost + ":" + httpPort
                + ", admin=" + (adminEnabled() ? "on (token ****)" : "off") + "]";
    }
}
