package io.livedecode.decoder.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where a newly assigned frame partition resumes, session by session. Each session resumes from
 * its own newest usable snapshot and applies exactly the frames after it; a session without one is
 * rebuilt from the frame that started it. The partition is sought to the earliest frame any
 * session needs; frames before a session's own start are read but not applied to it. Frames before
 * {@code publishFrom} were already published: they only rebuild models.
 *
 * <p>A snapshot is usable when it is not set aside and does not run ahead of what was published
 * (its source offset is at most {@code publishFrom}); with late labels, also only if it holds the
 * session's join state.
 *
 * @param seekTo      first offset to read
 * @param publishFrom first offset whose outputs are published (the committed offset)
 * @param unknownFrom sessions the catalog does not know started at or after this offset
 * @param starts      per known session: the snapshot to restore (or none) and the first frame to apply
 */
record RecoveryPlan(long seekTo, long publishFrom, long unknownFrom, Map<String, SessionStart> starts) {

    /**
     * @param manifest  the snapshot to restore, or null to start from fresh models
     * @param applyFrom the first frame offset applied to the session
     * @param resident  restore now (true) or when the session's next frame comes (evicted sessions)
     */
    record SessionStart(String session, SnapshotManifest manifest, long applyFrom, boolean resident) {
    }

    /** {@link #of(PartitionCatalog, Long, long, Set, boolean)} without late labels. */
    static RecoveryPlan of(PartitionCatalog catalog, Long committed, long beginning, Set<Long> setAside) {
        return of(catalog, committed, beginning, setAside, false);
    }

    /**
     * @param committed the group's committed offset, or null if it has none
     * @param beginning the partition's first offset (older frames were deleted)
     * @param setAside  ids of snapshots already found unusable
     * @param joinState late labels: only snapshots holding the session's join state are usable (one
     *                  without it, written before the join was in snapshots, would lose the frames
     *                  waiting for their labels); a session without one is rebuilt from its frames
     */
    static RecoveryPlan of(PartitionCatalog catalog, Long committed, long beginning, Set<Long> setAside,
                           boolean joinState) {
        long publishFrom = committed == null ? beginning : Math.max(committed, beginning);
        Map<String, SessionStart> starts = new LinkedHashMap<>();
        long seek = Math.min(publishFrom, catalog.position());
        for (CatalogEntry entry : catalog.sessions().values()) {
            SnapshotManifest chosen = null;
            for (SnapshotManifest m : entry.snapshots()) {
                if (m.sourceOffset() <= publishFrom && !setAside.contains(m.id()) && (!joinState || m.hasJoinState())) {
                    chosen = m;
                    break;
                }
            }
            long applyFrom;
            if (chosen == null) {
                applyFrom = entry.freshFrom();
            } else if (chosen == entry.newest()) {
                // The session had no frames between its newest snapshot and validThrough.
                applyFrom = Math.max(chosen.sourceOffset(), entry.validThrough());
            } else {
                applyFrom = chosen.sourceOffset();
            }
            starts.put(entry.session(), new SessionStart(entry.session(), chosen, applyFrom, entry.resident()));
            seek = Math.min(seek, applyFrom);
        }
        return new RecoveryPlan(Math.max(beginning, seek), publishFrom, catalog.position(), starts);
    }

    /** Whether the frame of {@code session} at {@code offset} is applied to its models. */
    boolean applies(String session, long offset) {
        SessionStart start = starts.get(session);
        return offset >= (start == null ? unknownFrom : start.applyFrom());
    }
}
