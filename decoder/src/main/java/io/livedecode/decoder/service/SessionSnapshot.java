package io.livedecode.decoder.service;

import io.livedecode.decoder.model.OnlineDecoder;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serialises all models of one session: {@code i32 version=1 | i32 neurons | i32 variants |
 * per variant: UTF name, i32 length, model snapshot bytes}.
 */
final class SessionSnapshot {

    record Restored(int neurons, Map<String, OnlineDecoder> decoders) {
    }

    static final int VERSION = 1;

    private SessionSnapshot() {
    }

    static byte[] write(Session session) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeInt(session.neurons());
            out.writeInt(session.variants().size());
            for (VariantSlot slot : session.variants()) {
                byte[] model = slot.decoder().snapshot();
                out.writeUTF(slot.name());
                out.writeInt(model.length);
                out.write(model);
            }
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
        if (version != VERSION) {
            throw new SnapshotUnusableException(SetAsideReason.UNSUPPORTED_VERSION,
                    "session snapshot version " + version + ", this build reads " + VERSION);
        }
        return header.getInt();
    }

    static Restored read(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            int version = in.readInt();
            if (version != VERSION) {
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
            if (in.available() != 0) {
                throw new SnapshotUnusableException(SetAsideReason.UNREADABLE,
                        in.available() + " bytes after the last variant of the session snapshot");
            }
            return new Restored(neurons, decoders);
        } catch (IOException | IllegalArgumentException | NegativeArraySizeException | OutOfMemoryError e) {
            // A damaged length must not take the process down: the snapshot is set aside.
            throw new SnapshotUnusableException(SetAsideReason.UNREADABLE, "session snapshot unreadable: " + e);
        }
    }
}
