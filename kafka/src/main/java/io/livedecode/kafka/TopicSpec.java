package io.livedecode.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A topic to create: its name, partition count, replication factor (or the cluster default) and
 * topic-level configs such as {@code cleanup.policy=compact}.
 *
 * @param name              the topic name, as Kafka allows it
 * @param partitions        how many partitions, at least 1
 * @param replicationFactor copies of each partition, or empty for the cluster's default
 * @param configs           topic configs that differ from the cluster's defaults
 */
public record TopicSpec(String name, int partitions, Optional<Short> replicationFactor, Map<String, String> configs) {

    private static final int MAX_NAME_LENGTH = 249;

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.equals(".") || name.equals("..")
                || !name.chars().allMatch(TopicSpec::isLegalNameChar)) {
            throw new IllegalArgumentException("topic name '" + name + "' is not legal: use 1.."
                    + MAX_NAME_LENGTH + " characters of [a-zA-Z0-9._-], not '.' or '..'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "topic '" + name + "' needs at least 1 partition, got " + partitions);
        }
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        replicationFactor.ifPresent(factor -> {
            if (factor < 1) {
                throw new IllegalArgumentException(
                        "topic '" + name + "' needs a replication factor of at least 1, got " + factor);
            }
        });
        Objects.requireNonNull(configs, "configs");
        configs.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null) {
                throw new IllegalArgumentException(
                        "topic '" + name + "' has a config without key or value: " + key + "=" + value);
            }
        });
        configs = Map.copyOf(configs);
    }

    /** A topic with the cluster's default replication factor and configs. */
    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, Optional.empty(), Map.of());
    }

    /** A log-compacted topic: Kafka keeps at least the latest record of every key. */
    public static TopicSpec compacted(String name, int partitions) {
        return of(name, partitions).withConfig("cleanup.policy", "compact");
    }

    /** This topic with one more topic config. */
    public TopicSpec withConfig(String key, String value) {
        Map<String, String> merged = new LinkedHashMap<>(configs);
        merged.put(key, value);
        return new TopicSpec(name, partitions, replicationFactor, merged);
    }

    /** This topic with an explicit replication factor. */
    public TopicSpec withReplicationFactor(int factor) {
        if (factor < 1 || factor > Short.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "topic '" + name + "' needs a replication factor in 1.." + Short.MAX_VALUE + ", got " + factor);
        }
        return new TopicSpec(name, partitions, Optional.of((short) factor), configs);
    }

    private static boolean isLegalNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }
}
