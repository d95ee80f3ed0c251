package io.livedecode.decoder.service;

import io.livedecode.decoder.config.KafkaConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds the service's Kafka clients from the configuration: our defaults first, then the user's
 * pass-through properties, then the settings a delivery guarantee depends on, which nothing
 * overrides.
 */
public final class KafkaClients {

    /** Test-only: a pause between snapshot chunks, so a test can aim a crash at the write window. */
    static final String SNAPSHOT_DELAY_PROPERTY = "livedecode.test.snapshot-chunk-delay-ms";

    private final KafkaConfig kafka;

    public KafkaClients(KafkaConfig kafka) {
        this.kafka = kafka.requireBootstrapServers();
    }

    private String instance() {
        return kafka.groupInstanceId();
    }

    public KafkaConsumer<String, byte[]> frameConsumer(boolean transactional) {
        Map<String, Object> props = kafka.clientProperties(kafka.consumer());
        props.putIfAbsent("client.id", kafka.clientId() + "-consumer-" + instance());
        props.putIfAbsent("auto.offset.reset", "earliest");
        // Calls the loop blocks on (committed, position) give up after this and are retried, so a
        // broker outage never freezes the loop for long.
        props.putIfAbsent("default.api.timeout.ms", 10_000);
        props.put("group.id", kafka.groupId());
        // Static membership: a restarted instance with the same id takes its partitions back at once.
        props.put("group.instance.id", instance());
        if (!"consumer".equalsIgnoreCase(String.valueOf(props.get("group.protocol")))) {
            // Incremental rebalances: a joining or leaving replica moves only the partitions it takes or gives.
            props.putIfAbsent("partition.assignment.strategy", CooperativeStickyAssignor.class.getName());
        }
        // Offsets are committed by the loop only after outputs are safe (or in the transaction).
        props.put("enable.auto.commit", "false");
        if (transactional) {
            props.put("isolation.level", "read_committed");
        }
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The producer of outputs and catalogs; transactional in exactly-once. */
    public KafkaProducer<String, byte[]> producer(boolean transactional) {
        Map<String, Object> props = kafka.clientProperties(kafka.producer());
        props.putIfAbsent("client.id", kafka.clientId() + "-producer-" + instance());
        props.putIfAbsent("linger.ms", 0);
        // Blocking calls (send on a full buffer, commitTransaction) return within this and are retried.
        props.putIfAbsent("max.block.ms", 10_000);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        if (transactional) {
            // Derived from the instance id: a restarted instance fences its dead self and aborts its
            // open transaction at once, so read_committed readers are not held up.
            props.put("transactional.id", transactionalId());
            // Transactions carry one poll batch and a catalog (snapshot chunks go outside them).
            props.putIfAbsent("transaction.timeout.ms", 10_000);
        }
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** What the transactional id of every instance of the group starts with (exactly-once). */
    String transactionalIdPrefix() {
        return kafka.clientId() + "-" + kafka.groupId() + "-";
    }

    /** This instance's transactional id (exactly-once). */
    String transactionalId() {
        return transactionalIdPrefix() + instance();
    }

    /** The admin client exactly-once recovery looks for hanging transactions with. */
    Admin admin() {
        Map<String, Object> props = kafka.clientProperties(Map.of());
        props.put("client.id", kafka.clientId() + "-admin-" + instance());
        props.putIfAbsent("request.timeout.ms", 10_000);
        // The admin client refuses an API timeout below its request timeout.
        int request = Integer.parseInt(String.valueOf(props.get("request.timeout.ms")).trim());
        props.putIfAbsent("default.api.timeout.ms", Math.max(request, 10_000));
        return Admin.create(props);
    }

    /** The snapshot writer's own idempotent producer: snapshot chunks are never part of a transaction. */
    public KafkaProducer<String, byte[]> snapshotProducer() {
        Map<String, Object> props = kafka.clientProperties(kafka.producer());
        props.put("client.id", kafka.clientId() + "-snapshots-" + instance());
        props.putIfAbsent("linger.ms", 5);
        // A linear + relu200 session snapshot is ~20 MB; the writer waits for each before the next.
        props.putIfAbsent("buffer.memory", 64L * 1024 * 1024);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.remove("transactional.id");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** The group-less consumer of the labels topic: assigned the frame partitions' numbers, sought by the loop. */
    public KafkaConsumer<String, byte[]> labelReader() {
        return new KafkaConsumer<>(groupless("labels"), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The group-less consumer recovery reads the snapshots topic with. */
    public KafkaConsumer<String, byte[]> snapshotReader() {
        Map<String, Object> props = groupless("snapshot-reader");
        props.put("isolation.level", "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The consumer settings without any group membership: the caller assigns and seeks partitions itself. */
    private Map<String, Object> groupless(String role) {
        Map<String, Object> props = kafka.clientProperties(kafka.consumer());
        props.put("client.id", kafka.clientId() + "-" + role + "-" + instance());
        props.put("enable.auto.commit", "false");
        props.putIfAbsent("default.api.timeout.ms", 10_000);
        props.remove("group.id");
        props.remove("group.instance.id");
        props.remove("group.protocol");
        props.remove("partition.assignment.strategy");
        return props;
    }

    Duration snapshotTestDelay() {
        return Duration.ofMillis(Long.getLong(SNAPSHOT_DELAY_PROPERTY, 0L));
    }
}
