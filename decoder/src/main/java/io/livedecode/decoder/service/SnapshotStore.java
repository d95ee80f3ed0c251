package io.livedecode.decoder.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads the snapshots topic for recovery with a group-less, read_committed consumer owned by the
 * loop thread: the newest valid catalog of a frame partition, and one snapshot's chunks by the
 * offsets its manifest names. Every record of a frame partition lives in snapshots partition
 * {@code partition mod count}, so recovering one partition reads one partition.
 *
 * <p>Damaged records are reported to {@code setAside} and skipped; only Kafka itself being
 * unreachable ends a read, with a {@link TimeoutException}, so the caller retries later.
 */
final class SnapshotStore implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Duration deadline;
    private final BiConsumer<SetAsideReason, String> setAside;
    private int partitions = -1;

    SnapshotStore(KafkaConsumer<String, byte[]> consumer, String topic, Duration deadline,
                  BiConsumer<SetAsideReason, String> setAside) {
        this.consumer = consumer;
        this.topic = topic;
        this.deadline = deadline;
        this.setAside = setAside;
    }

    /** The snapshots partition holding the records of frame partition {@code sourcePartition}. */
    int partitionFor(int sourcePartition) {
        if (partitions < 0) {
            partitions = consumer.partitionsFor(topic, deadline).size();
            if (partitions == 0) {
                throw new TimeoutException("topic " + topic + " has no partitions yet");
            }
        }
        return sourcePartition % partitions;
    }

    /** The newest catalog of the frame partition that parses, or null when there is none. */
    PartitionCatalog newestCatalog(int sourcePartition) {
        TopicPartition tp = new TopicPartition(topic, partitionFor(sourcePartition));
        String prefix = CatalogCodec.KEY_PREFIX + sourcePartition + "/";
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp), deadline).get(tp);
        PartitionCatalog best = null;
        long stop = System.nanoTime() + deadline.toNanos();
        while (consumer.position(tp, deadline) < end) {
            if (System.nanoTime() > stop) {
                throw new TimeoutException("reading " + tp + " did not reach offset " + end + " within " + deadline);
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                String key = r.key();
                if (key != null && key.startsWith(SnapshotChunks.KEY_PREFIX)) {
                    continue;
                }
                if (key == null || !key.startsWith(CatalogCodec.KEY_PREFIX)) {
                    setAside.accept(SetAsideReason.MALFORMED, "record " + tp + "@" + r.offset() + " with key "
                            + printable(key) + " is not a snapshot record");
                    continue;
                }
                if (!key.startsWith(prefix)) {
                    continue;
                }
                try {
                    PartitionCatalog c = CatalogCodec.decode(r.value());
                    if (c.partition() != sourcePartition) {
                        throw new SnapshotUnusableException(SetAsideReason.MALFORMED, "catalog under key " + key
                                + " is of partition " + c.partition());
                    }
                    if (best == null || c.generation() > best.generation()) {
                        best = c;
                    }
                } catch (SnapshotUnusableException e) {
                    setAside.accept(e.reason(), "catalog " + key + " at " + tp + "@" + r.offset() + ": " + e.getMessage());
                }
            }
        }
        return best;
    }

    /**
     * The payload of one snapshot, checked against its manifest.
     *
     * @throws SnapshotUnusableException if chunks are missing, damaged or do not match
     */
    byte[] read(String session, int sourcePartition, SnapshotManifest m) {
        TopicPartition tp = new TopicPartition(topic, partitionFor(sourcePartition));
        consumer.assign(List.of(tp));
        consumer.seek(tp, m.firstChunkOffset());
        byte[][] parts = new byte[m.chunks()][];
        int found = 0;
        long stop = System.nanoTime() + deadline.toNanos();
        long end = Math.min(m.lastChunkOffset() + 1, consumer.endOffsets(List.of(tp), deadline).get(tp));
        while (found < m.chunks() && consumer.position(tp, deadline) < end) {
            if (System.nanoTime() > stop) {
                throw new SnapshotUnusableException(SetAsideReason.DEADLINE, "chunks of '" + session
                        + "' not read within " + deadline);
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                if (r.offset() > m.lastChunkOffset() || r.key() == null || !r.key().startsWith(SnapshotChunks.KEY_PREFIX)) {
                    continue;
                }
                try {
                    SnapshotChunks.Chunk c = SnapshotChunks.read(r.value());
                    if (c.snapshotId() == m.id() && c.count() == m.chunks()
                            && r.key().equals(SnapshotChunks.key(m.slot(), c.index(), session)) && parts[c.index()] == null) {
                        parts[c.index()] = c.payload();
                        found++;
                    }
                } catch (SnapshotUnusableException e) {
                    // A damaged chunk of another snapshot is no concern of this one; of this one, it shows as missing.
                }
            }
        }
        if (found < m.chunks()) {
            throw new SnapshotUnusableException(SetAsideReason.INCOMPLETE, found + " of " + m.chunks()
                    + " chunks of snapshot " + Long.toHexString(m.id()) + " found between offsets "
                    + m.firstChunkOffset() + " and " + m.lastChunkOffset());
        }
        long total = 0;
        for (byte[] p : parts) {
            total += p.length;
        }
        if (total != m.bytes()) {
            throw new SnapshotUnusableException(SetAsideReason.INCOMPLETE, "chunks hold " + total
                    + " bytes, the manifest says " + m.bytes());
        }
        byte[] payload = new byte[(int) total];
        int at = 0;
        CRC32C crc = new CRC32C();
        for (byte[] p : parts) {
            System.arraycopy(p, 0, payload, at, p.length);
            at += p.length;
        }
        crc.update(payload);
        if ((int) crc.getValue() != m.crc32c()) {
            throw new SnapshotUnusableException(SetAsideReason.CHECKSUM, String.format(
                    "payload CRC32C %08x, manifest says %08x", (int) crc.getValue(), m.crc32c()));
        }
        if (m.payloadFormat() != SessionSnapshot.VERSION && m.payloadFormat() != SessionSnapshot.VERSION_1) {
            throw new SnapshotUnusableException(SetAsideReason.UNSUPPORTED_VERSION, "session payload format "
                    + m.payloadFormat() + ", this build reads " + SessionSnapshot.VERSION);
        }
        return payload;
    }

    private static String printable(String key) {
        if (key == null) {
            return "(none)";
        }
        String shown = key.length() > 60 ? key.substring(0, 60) + "..." : key;
        return "'" + new String(shown.getBytes(StandardCharsets.UTF_8), StandardCharsets.US_ASCII)
                .replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
