package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

class ResumePointTest {

    @Test
    void snapshotBeforeTheCommitReplaysTheGap() {
        ResumePoint p = ResumePoint.of(500L, new OffsetAndMetadata(598), 0);
        assertEquals(new ResumePoint(500, 598), p);
        assertTrue(p.replays());
    }

    @Test
    void noSnapshotReplaysFromThePartitionStart() {
        assertEquals(new ResumePoint(20, 330), ResumePoint.of(null, new OffsetAndMetadata(330), 20));
    }

    @Test
    void nothingCommittedStartsAtTheBeginningWithoutReplay() {
        ResumePoint p = ResumePoint.of(null, null, 7);
        assertEquals(new ResumePoint(7, 7), p);
        assertFalse(p.replays());
    }

    @Test
    void snapshotAtTheCommitResumesThere() {
        ResumePoint p = ResumePoint.of(600L, new OffsetAndMetadata(600), 0);
        assertEquals(new ResumePoint(600, 600), p);
        assertFalse(p.replays());
    }
}
