package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The hand-over contract of the snapshot writer: once a partition's jobs are cancelled it sends no
 * further chunk of them, and it reports idle only when every chunk already sent is acknowledged,
 * so a new owner's chunks can never be followed by one of ours. Acknowledgements are given by hand.
 */
class SnapshotWriterTest {

    private static final int CHUNKS = 6;

    @Test
    void aCancelledJobSendsNoMoreChunksAndIsIdleOnlyOnceItsSendsAreAcknowledged() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        try (SnapshotWriter writer = new SnapshotWriter(() -> producer, "snapshots", Duration.ofMillis(40))) {
            writer.start();
            writer.submit(job(3, "s"));
            awaitSent(producer, 2);
            writer.cancel(3);
            Thread.sleep(300);
            int sent = producer.history().size();
            assertTrue(sent < CHUNKS, "sent " + sent + " of " + CHUNKS + " chunks after the cancel");
            assertFalse(writer.awaitIdle(3, Duration.ofMillis(200)), "idle while chunks are unacknowledged");
            while (producer.completeNext()) {
                // acknowledge what was sent
            }
            assertTrue(writer.awaitIdle(3, Duration.ofSeconds(5)));
            assertEquals(sent, producer.history().size(), "nothing sent after the cancel");
            assertNull(writer.poll(), "a cancelled job reports nothing");

            // Jobs submitted after the cancel are written as usual.
            writer.submit(job(3, "t"));
            awaitSent(producer, sent + CHUNKS);
            while (producer.completeNext()) {
                // acknowledge
            }
            assertTrue(writer.awaitIdle(3, Duration.ofSeconds(5)));
            SnapshotWriter.Done done = writer.poll();
            assertNotNull(done);
            assertNull(done.failure());
            assertEquals(CHUNKS, done.manifest().chunks());
            assertEquals("t", done.job().session());
        }
    }

    private static SnapshotWriter.Job job(int partition, String session) {
        return new SnapshotWriter.Job(partition, 0, 1, session, 'A', 100,
                new byte[CHUNKS * SnapshotChunks.CHUNK_PAYLOAD_BYTES - 10], false);
    }

    private static void awaitSent(MockProducer<String, byte[]> producer, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (producer.history().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(producer.history().size() >= count, "only " + producer.history().size() + " sends");
    }
}
