package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryPlanTest {

    private static SnapshotManifest manifest(char slot, long id, long offset) {
        return new SnapshotManifest(slot, id, offset, 3, 100, 7, 10, 12, SessionSnapshot.VERSION);
    }

    private static PartitionCatalog catalog(long position, CatalogEntry... entries) {
        PartitionCatalog c = new PartitionCatalog(0, 4, position, List.of(), Map.of());
        for (CatalogEntry e : entries) {
            c.put(e);
        }
        return c;
    }

    @Test
    void eachSessionResumesFromItsOwnSnapshotAndTheSeekIsTheEarliestNeed() {
        PartitionCatalog c = catalog(500,
                new CatalogEntry("new", 0, 500, true, List.of(manifest('B', 1, 500), manifest('A', 2, 400))),
                new CatalogEntry("old", 0, 300, true, List.of(manifest('A', 3, 300))));
        RecoveryPlan plan = RecoveryPlan.of(c, 520L, 0, Set.of());
        assertEquals(300, plan.seekTo());
        assertEquals(520, plan.publishFrom());
        assertFalse(plan.applies("new", 450), "frames before a session's snapshot are not applied to it");
        assertTrue(plan.applies("new", 500));
        assertTrue(plan.applies("old", 300));
        assertFalse(plan.applies("unknown", 499), "sessions not in the catalog started at its position");
        assertTrue(plan.applies("unknown", 500));
    }

    @Test
    void aSetAsideSnapshotFallsBackToTheOtherSlotThenToTheFrames() {
        CatalogEntry e = new CatalogEntry("s", 20, 600, true, List.of(manifest('B', 1, 600), manifest('A', 2, 400)));
        RecoveryPlan other = RecoveryPlan.of(catalog(600, e), 650L, 0, Set.of(1L));
        assertEquals(2, other.starts().get("s").manifest().id());
        assertEquals(400, other.seekTo());
        RecoveryPlan frames = RecoveryPlan.of(catalog(600, e), 650L, 0, Set.of(1L, 2L));
        assertNull(frames.starts().get("s").manifest());
        assertEquals(20, frames.seekTo(), "rebuilt from the frame that started it");
    }

    @Test
    void withLateLabelsSessionsRestoreSnapshotsHoldingTheirJoinAndRebuildWithoutOne() {
        SnapshotManifest joined = joined('B', 1, 500, 77);
        PartitionCatalog c = catalog(500,
                new CatalogEntry("new", 120, 500, true, List.of(joined, manifest('A', 2, 400)), 5),
                new CatalogEntry("old", 40, 300, true, List.of(manifest('A', 3, 300)), 9));
        RecoveryPlan plan = RecoveryPlan.of(c, 520L, 0, Set.of(), true);
        assertEquals(joined, plan.starts().get("new").manifest());
        assertEquals(500, plan.starts().get("new").applyFrom());
        assertNull(plan.starts().get("old").manifest(), "its only snapshot has no join state (version 1)");
        assertEquals(40, plan.seekTo());
        RecoveryPlan older = RecoveryPlan.of(c, 520L, 0, Set.of(1L), true);
        assertNull(older.starts().get("new").manifest(), "the other slot has no join state either");
        assertEquals(120, older.starts().get("new").applyFrom());
        assertEquals(40, older.seekTo());
    }

    private static SnapshotManifest joined(char slot, long id, long offset, long labelsPosition) {
        return new SnapshotManifest(slot, id, offset, 3, 100, 7, 10, 12, SessionSnapshot.VERSION, labelsPosition);
    }

    @Test
    void withLateLabelsASessionWithoutSnapshotIsRebuiltFromItsFirstFrame() {
        PartitionCatalog c = catalog(500,
                new CatalogEntry("new", 120, 500, true, List.of(manifest('B', 1, 500), manifest('A', 2, 400))),
                new CatalogEntry("old", 40, 300, true, List.of(manifest('A', 3, 300))));
        RecoveryPlan plan = RecoveryPlan.of(c, 520L, 0, Set.of(), true);
        assertNull(plan.starts().get("new").manifest());
        assertNull(plan.starts().get("old").manifest());
        assertEquals(40, plan.seekTo());
        assertEquals(520, plan.publishFrom());
        assertFalse(plan.applies("new", 119));
        assertTrue(plan.applies("new", 120));
    }

    @Test
    void aSnapshotAheadOfTheCommitIsNotUsedAndValidThroughSkipsQuietFrames() {
        CatalogEntry ahead = new CatalogEntry("s", 0, 700, true, List.of(manifest('B', 1, 700), manifest('A', 2, 500)));
        RecoveryPlan plan = RecoveryPlan.of(catalog(700, ahead), 600L, 0, Set.of());
        assertEquals(500, plan.starts().get("s").applyFrom());
        CatalogEntry quiet = new CatalogEntry("q", 0, 900, false, List.of(manifest('A', 3, 300)));
        RecoveryPlan later = RecoveryPlan.of(catalog(900, quiet), 950L, 0, Set.of());
        assertEquals(900, later.starts().get("q").applyFrom());
        assertEquals(900, later.seekTo());
    }

    @Test
    void withoutCatalogOrCommitEverythingStartsAtThePartitionsBeginning() {
        RecoveryPlan plan = RecoveryPlan.of(PartitionCatalog.empty(0, 7), null, 7, Set.of());
        assertEquals(7, plan.seekTo());
        assertEquals(7, plan.publishFrom());
        assertTrue(plan.applies("any", 7));
    }

    @Test
    void catalogsRoundTripAndDamageIsNamed() {
        PartitionCatalog c = catalog(500, new CatalogEntry("a/b", 3, 500, true, List.of(manifest('B', -9, 480))));
        c.learningChange(100, false);
        PartitionCatalog back = CatalogCodec.decode(CatalogCodec.encode(c));
        assertEquals(c.sessions(), back.sessions());
        assertEquals(c.learning(), back.learning());
        assertFalse(back.learningAt(150));
        assertTrue(back.learningAt(99));
        SnapshotUnusableException e = org.junit.jupiter.api.Assertions.assertThrows(SnapshotUnusableException.class,
                () -> CatalogCodec.decode("{\"format\":\"livedecode.catalog\",\"version\":7}".getBytes()));
        assertEquals(SetAsideReason.UNSUPPORTED_VERSION, e.reason());
        assertEquals(SetAsideReason.MALFORMED, org.junit.jupiter.api.Assertions.assertThrows(
                SnapshotUnusableException.class, () -> CatalogCodec.decode(new byte[] {1, 2})).reason());
    }

    @Test
    void catalogsCarryTheLabelsPlaceAndTheOldVersionIsStillRead() {
        PartitionCatalog c = catalog(500, new CatalogEntry("s", 3, 500, true, List.of(joined('B', 4, 480, 1234),
                manifest('A', 5, 300)), 1200));
        c.labels(1100, 1300);
        byte[] encoded = CatalogCodec.encode(c);
        PartitionCatalog back = CatalogCodec.decode(encoded);
        assertEquals(c.sessions(), back.sessions());
        assertEquals(1234, back.entry("s").newest().labelsPosition());
        assertEquals(-1, back.entry("s").snapshots().get(1).labelsPosition());
        assertEquals(1200, back.entry("s").labelsFrom());
        assertEquals(1100, back.labelsFrom());
        assertEquals(1300, back.labelsReadThrough());
        assertTrue(new String(encoded).contains("\"version\":2"), new String(encoded));

        // Without late labels the catalog is written as version 1, so the previous build reads it.
        String plain = new String(CatalogCodec.encode(c, false));
        assertTrue(plain.contains("\"version\":1") && !plain.contains("labels"), plain);
        assertEquals(c.sessions().keySet(), CatalogCodec.decode(plain.getBytes()).sessions().keySet());

        // Version 1, as the previous build wrote it: no labels fields.
        String v1 = "{\"format\":\"livedecode.catalog\",\"version\":1,\"partition\":0,\"generation\":4,"
                + "\"position\":500,\"learning\":[],\"sessions\":[{\"id\":\"s\",\"freshFrom\":3,"
                + "\"validThrough\":500,\"resident\":true,\"snapshots\":[{\"slot\":\"B\",\"id\":4,"
                + "\"sourceOffset\":480,\"chunks\":3,\"bytes\":100,\"crc32c\":7,\"firstChunkOffset\":10,"
                + "\"lastChunkOffset\":12,\"payloadFormat\":1}]}]}";
        PartitionCatalog old = CatalogCodec.decode(v1.getBytes());
        assertEquals(0, old.entry("s").labelsFrom(), "labels from the beginning, as version 1 read them");
        assertFalse(old.entry("s").newest().hasJoinState());
        assertEquals(480, old.entry("s").newest().sourceOffset());
        assertEquals(0, old.labelsFrom());
        assertEquals(-1, old.labelsReadThrough());
    }

    @Test
    void outputsAreCommittableOnlyUpToTheFirstUnacknowledgedFrame() {
        OutputTracker t = new OutputTracker();
        var a = t.frame(0, 10);
        var cbA = a.expect();
        var b = t.frame(0, 11);
        var cbB = b.expect();
        cbB.onCompletion(null, null);
        assertTrue(t.committable(0).isEmpty(), "frame 10 is not acknowledged yet");
        cbA.onCompletion(null, null);
        assertEquals(12, t.committable(0).getAsLong());
        assertEquals(12, t.committable(0).getAsLong(), "the same again until more is acknowledged");
        var c = t.frame(0, 12);
        c.expect().onCompletion(null, new RuntimeException("expired"));
        assertEquals(Set.of(0), t.failed());
        assertTrue(t.committable(0).isEmpty(), "nothing past a failed output");
        t.forget(0);
        assertEquals(Set.of(), t.failed());
    }

    @Test
    void aManifestRecoveryCouldNotHoldOrFindIsMalformed() {
        // 2^31 - 1 chunks claimed between two offsets: recovery would allocate for them, or read the topic.
        PartitionCatalog c = catalog(500, new CatalogEntry("s", 0, 500, true, List.of(
                new SnapshotManifest('A', 1, 480, Integer.MAX_VALUE, 100, 7, 10, 12, SessionSnapshot.VERSION))));
        assertEquals(SetAsideReason.MALFORMED, org.junit.jupiter.api.Assertions.assertThrows(
                SnapshotUnusableException.class, () -> CatalogCodec.decode(CatalogCodec.encode(c))).reason());
        PartitionCatalog big = catalog(500, new CatalogEntry("s", 0, 500, true, List.of(
                new SnapshotManifest('A', 1, 480, 2, 2L * SnapshotChunks.MAX_CHUNK_PAYLOAD_BYTES + 1, 7, 10, 12, 1))));
        assertEquals(SetAsideReason.MALFORMED, org.junit.jupiter.api.Assertions.assertThrows(
                SnapshotUnusableException.class, () -> CatalogCodec.decode(CatalogCodec.encode(big))).reason(),
                "more bytes than its chunks can hold");
        // Chunks filled to the format's limit, as builds that wrote 512 KiB chunks left them, still restore.
        PartitionCatalog full = catalog(500, new CatalogEntry("s", 0, 500, true, List.of(
                new SnapshotManifest('A', 1, 480, 2, 2L * 512 * 1024, 7, 10, 12, 1))));
        assertEquals(2L * 512 * 1024,
                CatalogCodec.decode(CatalogCodec.encode(full)).entry("s").newest().bytes());
    }
}
