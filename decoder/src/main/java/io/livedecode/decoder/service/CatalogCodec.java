package io.livedecode.decoder.service;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog record of the snapshots topic: key {@code catalog/<partition>/<A|B>} (the slot
 * alternates with the generation), value UTF-8 JSON, {@code "format":"livedecode.catalog"} version
 * {@value #VERSION}. The README's "Snapshots topic" section documents every field.
 */
final class CatalogCodec {

    static final String KEY_PREFIX = "catalog/";
    static final String FORMAT = "livedecode.catalog";
    static final int VERSION = 2;
    /** Before the late-labels fields ({@code labelsFrom}, {@code labelsReadThrough}, {@code labelsPosition}); still read. */
    static final int VERSION_1 = 1;

    private CatalogCodec() {
    }

    /** {@link #encode(PartitionCatalog, boolean)} with the late-labels fields (version 2). */
    static byte[] encode(PartitionCatalog catalog) {
        return encode(catalog, true);
    }

    /**
     * @param labels write the late-labels fields (version 2); without them the catalog is version 1,
     *               which builds before those fields read too
     */
    static byte[] encode(PartitionCatalog catalog, boolean labels) {
        JsonArray learning = new JsonArray();
        catalog.learning().forEach(c -> learning.add(new JsonArray().add(c.offset()).add(c.enabled())));
        JsonArray sessions = new JsonArray();
        for (CatalogEntry e : catalog.sessions().values()) {
            JsonArray snapshots = new JsonArray();
            for (SnapshotManifest m : e.snapshots()) {
                JsonObject manifest = new JsonObject().put("slot", String.valueOf(m.slot())).put("id", m.id())
                        .put("sourceOffset", m.sourceOffset()).put("chunks", m.chunks()).put("bytes", m.bytes())
                        .put("crc32c", m.crc32c()).put("firstChunkOffset", m.firstChunkOffset())
                        .put("lastChunkOffset", m.lastChunkOffset()).put("payloadFormat", m.payloadFormat());
                snapshots.add(labels ? manifest.put("labelsPosition", m.labelsPosition()) : manifest);
            }
            JsonObject session = new JsonObject().put("id", e.session()).put("freshFrom", e.freshFrom())
                    .put("validThrough", e.validThrough()).put("resident", e.resident()).put("snapshots", snapshots);
            sessions.add(labels ? session.put("labelsFrom", e.labelsFrom()) : session);
        }
        JsonObject json = new JsonObject().put("format", FORMAT).put("version", labels ? VERSION : VERSION_1)
                .put("partition", catalog.partition()).put("generation", catalog.generation())
                .put("position", catalog.position()).put("learning", learning).put("sessions", sessions);
        if (labels) {
            json.put("labelsFrom", catalog.labelsFrom()).put("labelsReadThrough", catalog.labelsReadThrough());
        }
        return json.encode().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a catalog value; anything else is a {@link SnapshotUnusableException} saying why. */
    static PartitionCatalog decode(byte[] value) {
        JsonObject json;
        try {
            json = new JsonObject(new String(value == null ? new byte[0] : value, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new SnapshotUnusableException(SetAsideReason.MALFORMED, "catalog is not JSON: " + e.getMessage());
        }
        if (!FORMAT.equals(json.getValue("format"))) {
            throw new SnapshotUnusableException(SetAsideReason.MALFORMED, "catalog has format " + json.getValue("format"));
        }
        Object version = json.getValue("version");
        if (!(version instanceof Number n) || n.intValue() != VERSION && n.intValue() != VERSION_1) {
            throw new SnapshotUnusableException(SetAsideReason.UNSUPPORTED_VERSION,
                    "catalog format version " + version + ", this build reads " + VERSION);
        }
        try {
            List<PartitionCatalog.LearningChange> learning = new ArrayList<>();
            for (Object o : json.getJsonArray("learning")) {
                JsonArray change = (JsonArray) o;
                learning.add(new PartitionCatalog.LearningChange(change.getLong(0), change.getBoolean(1)));
            }
            Map<String, CatalogEntry> sessions = new LinkedHashMap<>();
            for (Object o : json.getJsonArray("sessions")) {
                JsonObject s = (JsonObject) o;
                List<SnapshotManifest> snapshots = new ArrayList<>();
                for (Object m : s.getJsonArray("snapshots")) {
                    snapshots.add(manifest((JsonObject) m));
                }
                String id = required(s.getString("id"), "session id");
                // Version 1 knew nothing of the labels' place: read them from the beginning, as it did.
                sessions.put(id, new CatalogEntry(id, s.getLong("freshFrom"), s.getLong("validThrough"),
                        s.getBoolean("resident"), snapshots, s.getLong("labelsFrom", 0L)));
            }
            PartitionCatalog catalog = new PartitionCatalog(json.getInteger("partition"), json.getLong("generation"),
                    json.getLong("position"), learning, sessions);
            catalog.labels(json.getLong("labelsFrom", 0L), json.getLong("labelsReadThrough", -1L));
            return catalog;
        } catch (RuntimeException e) {
            throw new SnapshotUnusableException(SetAsideReason.MALFORMED, "catalog fields are incomplete: " + e);
        }
    }

    private static SnapshotManifest manifest(JsonObject m) {
        String slot = required(m.getString("slot"), "slot");
        if (!slot.equals("A") && !slot.equals("B")) {
            throw new IllegalArgumentException("slot " + slot);
        }
        SnapshotManifest manifest = new SnapshotManifest(slot.charAt(0), m.getLong("id"), m.getLong("sourceOffset"),
                m.getInteger("chunks"), m.getLong("bytes"), m.getInteger("crc32c"), m.getLong("firstChunkOffset"),
                m.getLong("lastChunkOffset"), m.getInteger("payloadFormat"), m.getLong("labelsPosition", -1L));
        // Numbers recovery allocates by or reads between: a damaged catalog must not make it try to
        // hold 2^31 chunks or read a whole topic for one snapshot.
        long chunks = manifest.chunks();
        long maxBytes = chunks * SnapshotChunks.MAX_CHUNK_PAYLOAD_BYTES;
        if (chunks < 1 || manifest.bytes() < 0 || manifest.bytes() > maxBytes
                || manifest.bytes() > Integer.MAX_VALUE - 8 || manifest.firstChunkOffset() < 0
                || manifest.lastChunkOffset() - manifest.firstChunkOffset() + 1 < chunks) {
            throw new IllegalArgumentException("manifest of " + chunks + " chunks, " + manifest.bytes()
                    + " bytes at offsets " + manifest.firstChunkOffset() + ".." + manifest.lastChunkOffset()
                    + " is inconsistent");
        }
        return manifest;
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " missing");
        }
        return value;
    }
}
