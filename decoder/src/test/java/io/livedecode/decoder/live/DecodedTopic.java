package io.livedecode.decoder.live;

import io.livedecode.protocol.DecodedRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The decoded topic as a downstream consumer reads it, searched for one frame's record. */
final class DecodedTopic {

    private DecodedTopic() {
    }

    /** The record of {@code frame} decoded by {@code variant} in {@code session}; fails after {@code timeout}. */
    static DecodedRecord find(String bootstrap, String topic, String session, String variant, long frame,
                              Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            // The page showed the frame, so the topic exists and holds its record already.
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    DecodedRecord d = DecodedRecord.fromJson(r.value());
                    if (d.session().equals(session) && d.variant().equals(variant) && d.frameIndex() == frame) {
                        return d;
                    }
                }
            }
        }
        throw new AssertionError("no decoded record of " + session + "/" + variant + " frame " + frame + " in " + topic);
    }
}
