package io.livedecode.kafka;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Assigns a group-less consumer every partition of one topic, positioned at the start or the
 * end: how monitors, benchmarks, snapshot restores and tests read a topic as a whole.
 */
public final class WholeTopic {

    private WholeTopic() {
    }

    /** Where the consumer starts reading. */
    public enum From {
        BEGINNING, END
    }

    /**
     * Assigns all partitions of {@code topic}, waiting up to {@code timeout} for the topic to exist
     * (a service may create it while the reader starts).
     *
     * @return the assigned partitions
     * @throws IllegalStateException naming the topic if it does not appear in time
     */
    public static List<TopicPartition> assign(Consumer<?, ?> consumer, String topic, From from, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty()) {
            partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic '" + topic + "' did not appear within " + timeout);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for topic '" + topic + "'", e);
                }
            }
        }
        consumer.assign(partitions);
        if (from == From.BEGINNING) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // Resolve the lazy seeks now, so records produced from here on are seen.
        partitions.forEach(consumer::position);
        return partitions;
    }
}
