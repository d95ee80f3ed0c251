package io.livedecode.decoder.service;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Splits a session snapshot into records small enough for any broker's default limits, and
 * reads one chunk back. Chunk value layout (little-endian):
 *
 * <pre>
 * magic "LDSN" | u16 version=1 | u16 reserved=0 | i32 source partition | i64 source offset
 * | i32 chunk index | i32 chunk count | payload bytes
 * </pre>
 *
 * The source offset is the next frame offset the snapshot's models have not seen; it identifies
 * the snapshot, so chunks of different snapshots never mix. Record key: {@code session/index}.
 */
public final class SnapshotChunks {

    public static final int CHUNK_PAYLOAD_BYTES = 512 * 1024;
    static final int HEADER_BYTES = 28;
    private static final int MAGIC = 0x4E53444C; // "LDSN" read little-endian

    private SnapshotChunks() {
    }

    /** Sends a session's snapshot as chunk records keyed {@code session/index}. */
    public static void send(Producer<String, byte[]> producer, String topic, String session, int sourcePartition,
                            long sourceOffset, byte[] snapshot) {
        List<byte[]> chunks = split(sourcePartition, sourceOffset, snapshot);
        for (int i = 0; i < chunks.size(); i++) {
            producer.send(new ProducerRecord<>(topic, key(session, i), chunks.get(i)));
        }
    }

    /** One chunk as stored. */
    public record Chunk(int sourcePartition, long sourceOffset, int index, int count, byte[] payload) {
    }

    /** The record key of chunk {@code index} of a session's snapshot. */
    public static String key(String session, int index) {
        return session + "/" + index;
    }

    /** The session named by a chunk key. */
    public static String sessionOfKey(String key) {
        int slash = key.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("snapshot key '" + key + "' lacks '/chunk'");
        }
        return key.substring(0, slash);
    }

    public static List<byte[]> split(int sourcePartition, long sourceOffset, byte[] snapshot) {
        int count = Math.max(1, (snapshot.length + CHUNK_PAYLOAD_BYTES - 1) / CHUNK_PAYLOAD_BYTES);
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * CHUNK_PAYLOAD_BYTES;
            int length = Math.min(CHUNK_PAYLOAD_BYTES, snapshot.length - from);
            ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(MAGIC).putShort((short) 1).putShort((short) 0).putInt(sourcePartition)
                    .putLong(sourceOffset).putInt(i).putInt(count).put(snapshot, from, length);
            values.add(b.array());
        }
        return values;
    }

    public static Chunk read(byte[] value) {
        if (value == null || value.length < HEADER_BYTES) {
            throw new IllegalArgumentException("snapshot chunk of " + (value == null ? "null" : value.length)
                    + " bytes is shorter than its " + HEADER_BYTES + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC || b.getShort() != 1) {
            throw new IllegalArgumentException("not a version-1 snapshot chunk");
        }
        b.getShort();
        int partition = b.getInt();
        long offset = b.getLong();
        int index = b.getInt();
        int count = b.getInt();
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("snapshot chunk " + index + " of " + count + " is inconsistent");
        }
        byte[] payload = new byte[value.length - HEADER_BYTES];
        b.get(payload);
        return new Chunk(partition, offset, index, count, payload);
    }

    /** Joins the payloads of a complete chunk set, in index order. */
    public static byte[] join(Chunk[] chunks) {
        int total = 0;
        for (Chunk c : chunks) {
            total += c.payload().length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (Chunk c : chunks) {
            out.put(c.payload());
        }
        return out.array();
    }
}
