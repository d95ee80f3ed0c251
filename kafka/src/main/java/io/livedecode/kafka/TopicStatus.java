package io.livedecode.kafka;

/**
 * A topic that exists and has a leader for every partition.
 *
 * @param name       the topic name
 * @param partitions its actual partition count, which for an existing topic may differ from the
 *                   count that was asked for
 * @param created    true if this call created it, false if it existed already
 */
public record TopicStatus(String name, int partitions, boolean created) {
}
