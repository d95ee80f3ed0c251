package io.livedecode.decoder.service;

import io.livedecode.decoder.model.CapturedSnapshot;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.SnapshotStaging;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serialises all models of one session and, with late labels, its side of the join: {@code i32
 * version=2 | i32 neurons | i32 variants | per variant: UTF name, i32 length, model snapshot bytes |
 * u8 join (0: none, 1: the join state of {@link JoinStateCodec} follows)}. Version 1 (no join byte)
 * is still read.
 */
final class SessionSnapshot {

    /** @param join the session's join state, or null (none was saved, or a version 1 snapshot) */
    record Restored(int neurons, Map<String, OnlineDecoder> decoders, LabelQueue.Saved join) {
    }

    static final int VERSION = 2;
    /** The version before the join state, still read. */
    static final int VERSION_1 = 1;

    private SessionSnapshot() {
    }

    /**
     * Writes into one array of the exact size: a relu200 session is ~40 MB, and growing a stream buffer
     * to it (then copying it out) tripled the loop thread's time here and the humongous garbage the
     * collector has to clear.
     */
    static byte[] write(Session session) {
        return capture(session, new SnapshotStaging(), null).bytes();
    }

    static byte[] write(Session session, LabelQueue.Saved join) {
        return capture(session, new SnapshotStaging(), join).bytes();
    }

    /**
     * The session's models as of now, their arrays copied into {@code staging} (a memory copy, the
     * only part the decoding loop's thread pays); {@link Captured#bytes} then makes {@link #write}'s
     * bytes on any thread.
     */
    static Captured capture(Session session, SnapshotStaging staging) {
        return capture(session, staging, null);
    }

    /** @param join the session's join state copied on the loop thread ({@link LabelQueue#save}), or null */
    static Captured capture(Session session, SnapshotStaging staging, LabelQueue.Saved join) {
        List<VariantSlot> slots = session.variants();
        byte[][] names = new byte[slots.size()][];
        CapturedSnapshot[] models = new CapturedSnapshot[slots.size()];
        // Without join state the payload is version 1 (no join byte), so a build before late labels' snapshots
        // can still restore it: rolling back a decoder without late labels keeps its models.
        long total = 3 * Integer.BYTES + (join == null ? 0 : 1 + JoinStateCodec.length(join));
        for (int i = 0; i < slots.size(); i++) {
            names[i] = utf(slots.get(i).name());
            models[i] = slots.get(i).decoder().capture(staging);
            total += names[i].length + Integer.BYTES + models[i].length();
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("session '" + session.id() + "' snapshot of " + total + " bytes exceeds 2 GB");
        }
        return new Captured(session.neurons(), names, models, join, (int) total);
    }

    /** A session snapshot taken by {@link #capture}, not yet in bytes. */
    record Captured(int neurons, byte[][] names, CapturedSnapshot[] models, LabelQueue.Saved join, int length) {
        byte[] bytes() {
            byte[] bytes = new byte[length];
            writeTo(bytes);
            return bytes;
        }

        /** Writes the payload's {@link #length} bytes at the start of {@code dst}, which may be longer. */
        void writeTo(byte[] dst) {
            ByteBuffer out = ByteBuffer.wrap(dst, 0, length);  // big-endian, as DataOutput writes
            out.putInt(join == null ? VERSION_1 : VERSION).putInt(neurons).putInt(models.length);
            for (int i = 0; i < models.length; i++) {
                out.put(names[i]).putInt(models[i].length());
                int written = models[i].writeTo(dst, out.position());
                if (written != models[i].length()) {
                    throw new IllegalStateException("model snapshot of " + written + " bytes, " + models[i].length()
                            + " announced");
                }
                out.position(out.position() + written);
            }
            if (join != null) {
                out.put((byte) 1);
                JoinStateCodec.write(join, out);
            }
            if (out.position() != length) {
                throw new IllegalStateException("session payload of " + out.position() + " bytes, " + length + " expected");
            }
        }
    }

    /** The format version a payload was written in (its first four bytes). */
    static int versionOf(byte[] payload) {
        return versionOf(payload, payload.length);
    }

    /** The format version of the payload in the first {@code length} bytes of {@code buffer}. */
    static int versionOf(byte[] buffer, int length) {
        if (length < Integer.BYTES) {
            throw new IllegalArgumentException("a session payload of " + length + " bytes has no version");
        }
        return ByteBuffer.wrap(buffer).getInt();
    }

    /** {@link DataOutputStream#writeUTF}'s bytes: the reader reads names with {@code readUTF}. */
    private static byte[] utf(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The neuron count a payload was written with, read without building its models. */
    static int neurons(byte[] payload) {
        if (payload.length < 8) {
            throw new SnapshotUnusableException(SetAsideReason.UNREADABLE, "session snapshot of " + payload.length
                    + " bytes has no header");
        }
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(payload);
        int version = header.getInt();
        if (version != VERSION && version != VERSION_1) {
            throw new SnapshotUnusableException(SetAsideReason.UNSUPPORTED_VERSION,
                    "session snapshot version " + version + ", this build reads " + VERSION);
        }
        return header.getInt();
    }

    static Restored read(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            int version = in.readInt();
            if (version != VERSION && version != VERSION_1) {
                throw new SnapshotUnusableException(SetAsideReason.UNSUPPORTED_VERSION,
                        "session snapshot version " + version + ", this build reads " + VERSION);
            }
            int neurons = in.readInt();
            int count = in.readInt();
            Map<String, OnlineDecoder> decoders = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new SnapshotUnusableException(SetAsideReason.UNREADABLE, "variant '" + name + "' claims "
                            + length + " bytes, " + in.available() + " remain");
                }
                byte[] model = new byte[length];
                in.readFully(model);
                decoders.put(name, OnlineDecoder.restore(model));
            }
            LabelQueue.Saved join = null;
            if (version >= VERSION) {
                int flag = in.readUnsignedByte();
                if (flag > 1) {
                    throw new SnapshotUnusableException(SetAsideReason.UNREADABLE, "join flag " + flag);
                }
                join = flag == 1 ? JoinStateCodec.read(in, decoders.size(), neurons) : null;
            }
            if (in.available() != 0) {
                throw new SnapshotUnusableException(SetAsideReason.UNREADABLE,
                        in.available() + " bytes after the last variant of the session snapshot");
            }
            return new Restored(neurons, decoders, join);
        } catch (IOException | IllegalArgumentException | NegativeArraySizeException | OutOfMemoryError e) {
            // A damaged length must not take the process down: the snapshot is set aside.
            throw new SnapshotUnusableException(SetAsideReason.UNREADABLE, "session snapshot unreadable: " + e);
        }
    }
}
