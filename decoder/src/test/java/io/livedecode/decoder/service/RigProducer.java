package io.livedecode.decoder.service;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer the fault tests stream frames with, as a rig would: every frame written, in order.
 *
 * <p>One request in flight at a time. The tests write to topics they have just created; a broker that
 * has not yet taken leadership of a new partition refuses the first request (NOT_LEADER_OR_FOLLOWER)
 * while a second one, sent right behind it, may already be appended. The broker then refuses every
 * retry of the first as out of sequence, until the producer drops it at {@code delivery.timeout.ms}:
 * the stream silently loses its first frames and every later output differs from the reference.
 * With one request in flight nothing can overtake a retried one.
 */
final class RigProducer {

    private RigProducer() {
    }

    static KafkaProducer<String, byte[]> connect(String bootstrapServers) {
        return connect(bootstrapServers, Map.of());
    }

    /** With further producer settings (batching, timeouts); the ones above are not overridden. */
    static KafkaProducer<String, byte[]> connect(String bootstrapServers, Map<String, Object> settings) {
        Map<String, Object> props = new HashMap<>(Map.of("linger.ms", 0));
        props.putAll(settings);
        props.putAll(Map.of("bootstrap.servers", bootstrapServers, "acks", "all", "enable.idempotence", true,
                "max.in.flight.requests.per.connection", 1));
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
