package io.livedecode.decoder.service;

/**
 * One complete snapshot of one session: where its chunks are and how to check them. Written into
 * the partition's catalog only after every chunk was acknowledged, so a manifest never names a torn
 * snapshot.
 *
 * @param slot             'A' or 'B', the chunk keys it was written under
 * @param id               random id carried by each of its chunks
 * @param sourceOffset     next frame offset the snapshot's models have not seen
 * @param chunks           number of chunk records
 * @param bytes            payload length, all chunks joined
 * @param crc32c           CRC32C of the joined payload
 * @param firstChunkOffset snapshots-topic offset of its first chunk
 * @param lastChunkOffset  snapshots-topic offset of its last chunk
 * @param payloadFormat    format version of the session payload ({@link SessionSnapshot})
 * @param labelsPosition   late labels: the labels offset its join state has read up to (every label
 *                         record of the partition before it was offered); -1 when it holds no join state
 */
record SnapshotManifest(char slot, long id, long sourceOffset, int chunks, long bytes, int crc32c,
                        long firstChunkOffset, long lastChunkOffset, int payloadFormat, long labelsPosition) {

    /** Without join state. */
    SnapshotManifest(char slot, long id, long sourceOffset, int chunks, long bytes, int crc32c,
                     long firstChunkOffset, long lastChunkOffset, int payloadFormat) {
        this(slot, id, sourceOffset, chunks, bytes, crc32c, firstChunkOffset, lastChunkOffset, payloadFormat, -1);
    }

    boolean hasJoinState() {
        return labelsPosition >= 0;
    }

    static char otherSlot(char slot) {
        return slot == 'A' ? 'B' : 'A';
    }
}
