package io.livedecode.decoder.service;

import java.util.List;

/**
 * What the catalog of a frame partition knows about one session.
 *
 * @param session      the session id
 * @param freshFrom    offset of the frame that started the session's current models (its first frame,
 *                     or the point of its last reset): rebuilding from scratch replays from here
 * @param validThrough the newest snapshot also holds for every frame before this offset: the session
 *                     had no frames between the snapshot and here
 * @param resident     whether the session had models in memory when the catalog was written (evicted
 *                     sessions are restored only when their next frame comes)
 * @param snapshots    complete snapshots, newest first, at most one per slot
 * @param labelsFrom   late labels: the labels offset the session's current join queue began at (its
 *                     first label's, or where the reader was when its first frame came, or its reset);
 *                     a session rebuilt from {@code freshFrom} reads its labels from here, never older ones
 */
record CatalogEntry(String session, long freshFrom, long validThrough, boolean resident,
                    List<SnapshotManifest> snapshots, long labelsFrom) {

    CatalogEntry {
        snapshots = List.copyOf(snapshots);
    }

    /** Without late labels (labels from the beginning). */
    CatalogEntry(String session, long freshFrom, long validThrough, boolean resident,
                 List<SnapshotManifest> snapshots) {
        this(session, freshFrom, validThrough, resident, snapshots, 0);
    }

    static CatalogEntry started(String session, long offset, long labelsFrom) {
        return new CatalogEntry(session, offset, offset, true, List.of(), labelsFrom);
    }

    SnapshotManifest newest() {
        return snapshots.isEmpty() ? null : snapshots.getFirst();
    }

    /** This entry with a newer snapshot in front; the previous newest (the other slot) is kept. */
    CatalogEntry withSnapshot(SnapshotManifest manifest, long validThrough) {
        SnapshotManifest previous = newest();
        List<SnapshotManifest> list = previous == null || previous.slot() == manifest.slot()
                ? List.of(manifest) : List.of(manifest, previous);
        return new CatalogEntry(session, freshFrom, Math.max(validThrough, manifest.sourceOffset()), resident, list,
                labelsFrom);
    }

    CatalogEntry withValidThrough(long offset) {
        return new CatalogEntry(session, freshFrom, Math.max(validThrough, offset), resident, snapshots, labelsFrom);
    }

    CatalogEntry withResident(boolean isResident) {
        return new CatalogEntry(session, freshFrom, validThrough, isResident, snapshots, labelsFrom);
    }

    CatalogEntry withSnapshots(List<SnapshotManifest> list) {
        return new CatalogEntry(session, freshFrom, validThrough, resident, list, labelsFrom);
    }
}
