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

    private static final int VERSION = 1;

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

    static Restored read(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("session snapshot version " + version + ", expected " + VERSION);
            }
            int neurons = in.readInt();
            int count = in.readInt();
            Map<String, OnlineDecoder> decoders = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] model = new byte[in.readInt()];
                in.readFully(model);
                decoders.put(name, OnlineDecoder.restore(model));
            }
            return new Restored(neurons, decoders);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated session snapshot: " + e.getMessage(), e);
        }
    }
}
