package io.livedecode.decoder.model;

/**
 * A decoder's snapshot as of the moment {@link OnlineDecoder#capture} was called, not yet turned
 * into bytes: its scalars, and its arrays copied into a {@link SnapshotStaging}. {@link #writeTo}
 * produces exactly the bytes {@link OnlineDecoder#snapshot} would have produced then, and can run
 * on another thread while the decoder goes on learning. Valid until its staging is reset.
 */
public final class CapturedSnapshot {
    private final SnapshotOutput body;

    CapturedSnapshot(SnapshotOutput body) {
        this.body = body;
    }

    /** Length of the snapshot in bytes. */
    public int length() {
        return body.position() + DecoderSnapshot.TRAILER_BYTES;
    }

    /**
     * Writes the snapshot's {@link #length()} bytes into {@code dst} from {@code offset}.
     *
     * @return the bytes written
     */
    public int writeTo(byte[] dst, int offset) {
        int bodyLength = body.render(dst, offset);
        DecoderSnapshot.seal(dst, offset, bodyLength);
        return bodyLength + DecoderSnapshot.TRAILER_BYTES;
    }

    /** The snapshot's bytes in an array of their own. */
    public byte[] toByteArray() {
        byte[] bytes = new byte[length()];
        writeTo(bytes, 0);
        return bytes;
    }
}
