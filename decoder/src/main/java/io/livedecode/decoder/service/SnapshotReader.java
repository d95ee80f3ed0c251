package io.livedecode.decoder.service;

import io.livedecode.kafka.WholeTopic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the snapshots topic from its start to its current end and returns, per session, the
 * newest snapshot whose chunks are all present. Only committed chunks count (read_committed),
 * so a snapshot torn by a crash is never restored.
 */
public final class SnapshotReader {

    /** A complete snapshot: which frame partition it belongs to and the next offset it has not seen. */
    public record Stored(int sourcePartition, long sourceOffset, byte[] payload) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private SnapshotReader() {
    }

    public static Map<String, Stored> readLatest(Map<String, Object> clientProps, String topic,
                                                 Set<Integer> sourcePartitions) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        props.remove("group.id");
        props.remove("group.instance.id");
        Map<String, Map<Long, SnapshotChunks.Chunk[]>> pending = new HashMap<>();
        Map<String, Stored> latest = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = WholeTopic.assign(consumer, topic, WholeTopic.From.BEGINNING, DEADLINE);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " did not reach its end within " + DEADLINE);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    accept(record, sourcePartitions, pending, latest);
                }
            }
        }
        return latest;
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static void accept(ConsumerRecord<String, byte[]> record, Set<Integer> sourcePartitions,
                               Map<String, Map<Long, SnapshotChunks.Chunk[]>> pending, Map<String, Stored> latest) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        SnapshotChunks.Chunk chunk;
        String session;
        try {
            chunk = SnapshotChunks.read(record.value());
            session = SnapshotChunks.sessionOfKey(record.key());
        } catch (IllegalArgumentException e) {
            // A foreign or damaged record must not stop recovery of the others.
            LOG.warn("skipping snapshot record {} at {}-{}: {}", record.key(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        if (!sourcePartitions.contains(chunk.sourcePartition())) {
            return;
        }
        Stored best = latest.get(session);
        if (best != null && best.sourceOffset() >= chunk.sourceOffset()) {
            return;
        }
        Map<Long, SnapshotChunks.Chunk[]> bySnapshot = pending.computeIfAbsent(session, s -> new HashMap<>());
        SnapshotChunks.Chunk[] set = bySnapshot.computeIfAbsent(chunk.sourceOffset(),
                o -> new SnapshotChunks.Chunk[chunk.count()]);
        if (set.length != chunk.count()) {
            return;
        }
        set[chunk.index()] = chunk;
        for (SnapshotChunks.Chunk c : set) {
            if (c == null) {
                return;
            }
        }
        latest.put(session, new Stored(chunk.sourcePartition(), chunk.sourceOffset(), SnapshotChunks.join(set)));
        bySnapshot.keySet().removeIf(offset -> offset <= chunk.sourceOffset());
    }
}
