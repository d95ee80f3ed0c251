package io.livedecode.decoder.service;

import io.livedecode.kafka.WholeTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from the beginning, as a downstream consumer would (read_committed). */
final class TopicReader {

    private TopicReader() {
    }

    /** Polls until at least {@code expected} records were read, or the timeout passed. */
    static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, int expected, Duration timeout) {
        return read(bootstrap, topic, got -> got.size() >= expected, timeout);
    }

    /** Polls until {@code done} holds for the records read so far, or the timeout passed. */
    static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic,
                                                     Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                     Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            // The topic may not exist yet: the decoder under test creates it when it starts.
            WholeTopic.assign(consumer, topic, WholeTopic.From.BEGINNING, timeout);
            List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
            while (!done.test(got) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(got::add);
            }
            // One more short poll catches duplicates or extras that would break "exactly one".
            consumer.poll(Duration.ofMillis(500)).forEach(got::add);
            return got;
        }
    }
}
