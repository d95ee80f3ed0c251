package io.livedecode.decoder.service;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Chunk records of the snapshots topic (format version 2; the README's "Snapshots topic" section is
 * the specification). A session snapshot is split into chunks small enough for any broker's default
 * record limit. Key {@code chunk/<slot>/<index>/<session>}: each session writes into two alternating
 * slots, so compaction, which keeps only the newest record of a key, can overwrite the slot being
 * written but never the slot the newest complete manifest names. Value, little-endian:
 *
 * <pre>
 * magic "LDSC" | u16 version=2 | u16 reserved=0 | i64 snapshot id | i32 chunk index | i32 chunk count | payload
 * </pre>
 *
 * The snapshot id is random per snapshot, so chunks of two snapshots in one slot never mix.
 */
final class SnapshotChunks {

    /** The format's limit on a chunk's payload: what readers accept. */
    static final int MAX_CHUNK_PAYLOAD_BYTES = 512 * 1024;
    /**
     * What this build writes: 1 KiB under the limit, so that a chunk's array (and the producer's
     * buffer of its record) stays under half of a 1 MB G1 region, the region size of heaps up to
     * 2 GB. At the limit itself every chunk was a humongous object taking a region of its own.
     */
    static final int CHUNK_PAYLOAD_BYTES = MAX_CHUNK_PAYLOAD_BYTES - 1024;
    static final int HEADER_BYTES = 24;
    static final int VERSION = 2;
    static final String KEY_PREFIX = "chunk/";
    private static final int MAGIC = 0x4353444C; // "LDSC" read little-endian

    /** One chunk as stored. */
    record Chunk(long snapshotId, int index, int count, byte[] payload) {
    }

    private SnapshotChunks() {
    }

    static String key(char slot, int index, String session) {
        return KEY_PREFIX + slot + "/" + index + "/" + session;
    }

    /** How many chunks the first {@code bytes} bytes of a snapshot take. */
    static int count(int bytes) {
        return Math.max(1, (bytes + CHUNK_PAYLOAD_BYTES - 1) / CHUNK_PAYLOAD_BYTES);
    }

    /** Chunk {@code index} of the first {@code bytes} bytes of {@code snapshot}, as its record value. */
    static byte[] chunk(long snapshotId, byte[] snapshot, int bytes, int index) {
        int count = count(bytes);
        int from = index * CHUNK_PAYLOAD_BYTES;
        int length = Math.min(CHUNK_PAYLOAD_BYTES, bytes - from);
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putLong(snapshotId).putInt(index).putInt(count)
                .put(snapshot, from, length);
        return b.array();
    }

    /** Parses a chunk value; a damaged one is a {@link SnapshotUnusableException} naming what is wrong. */
    static Chunk read(byte[] value) {
        if (value == null || value.length < HEADER_BYTES) {
            throw new SnapshotUnusableException(SetAsideReason.MALFORMED, "chunk of "
                    + (value == null ? "no" : value.length) + " bytes is shorter than its " + HEADER_BYTES + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC) {
            throw new SnapshotUnusableException(SetAsideReason.MALFORMED, "chunk does not start with LDSC");
        }
        int version = b.getShort() & 0xFFFF;
        if (version != VERSION) {
            throw new SnapshotUnusableException(SetAsideReason.UNSUPPORTED_VERSION,
                    "chunk format version " + version + ", this build reads " + VERSION);
        }
        b.getShort();
        long id = b.getLong();
        int index = b.getInt();
        int count = b.getInt();
        if (count < 1 || index < 0 || index >= count) {
            throw new SnapshotUnusableException(SetAsideReason.MALFORMED, "chunk " + index + " of " + count);
        }
        byte[] payload = new byte[value.length - HEADER_BYTES];
        b.get(payload);
        return new Chunk(id, index, count, payload);
    }
}
