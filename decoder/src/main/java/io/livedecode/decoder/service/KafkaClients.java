package io.livedecode.decoder.service;

import io.livedecode.decoder.config.KafkaConfig;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds the service's Kafka clients from the configuration: our required settings first, then the
 * user's pass-through properties, except where overriding them would break a delivery guarantee.
 */
public final class KafkaClients {

    private final KafkaConfig kafka;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);

    public KafkaClients(KafkaConfig kafka) {
        this.kafka = kafka.requireBootstrapServers();
    }

    public KafkaConsumer<String, byte[]> frameConsumer(boolean transactional) {
        Map<String, Object> props = kafka.clientProperties(kafka.consumer());
        props.putIfAbsent("client.id", kafka.clientId() + "-consumer-" + instance);
        props.putIfAbsent("auto.offset.reset", "earliest");
        props.putIfAbsent("max.poll.records", 100);
        props.put("group.id", kafka.groupId());
        // Offsets are committed by the loop only after outputs are safe (or in the transaction).
        props.put("enable.auto.commit", "false");
        if (transactional) {
            props.put("isolation.level", "read_committed");
        }
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public KafkaProducer<String, byte[]> producer(boolean transactional) {
        Map<String, Object> props = kafka.clientProperties(kafka.producer());
        props.putIfAbsent("client.id", kafka.clientId() + "-producer-" + instance);
        props.putIfAbsent("linger.ms", 0);
        // A relu200 session snapshot is ~40 MB; a smaller buffer would block the loop while it drains.
        props.putIfAbsent("buffer.memory", 256L * 1024 * 1024);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        if (transactional) {
            props.putIfAbsent("transactional.id", kafka.clientId() + "-" + kafka.groupId() + "-" + instance);
            // A crashed instance's open transaction blocks read_committed readers until it times
            // out; our transactions span one poll batch, so a short timeout loses nothing.
            props.putIfAbsent("transaction.timeout.ms", 10_000);
        }
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Properties for the one-off consumer that reads snapshots at partition assignment. */
    public Map<String, Object> snapshotReaderProperties() {
        Map<String, Object> props = kafka.clientProperties(kafka.consumer());
        props.put("client.id", kafka.clientId() + "-snapshots-" + instance);
        return props;
    }
}
