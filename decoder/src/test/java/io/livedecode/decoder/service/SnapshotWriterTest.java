package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
        try (SnapshotWriter writer = new SnapshotWriter(() -> producer, "snapshots", 0, Duration.ofMillis(40))) {
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

    @Test
    void eachSnapshotCarriesItsOwnBytesAndNoPayloadSizedArrayIsMadeOnceTheBufferFits() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        int large = 5 * SnapshotChunks.CHUNK_PAYLOAD_BYTES + 77;
        int small = 2 * SnapshotChunks.CHUNK_PAYLOAD_BYTES + 5;
        try (SnapshotWriter writer = new SnapshotWriter(() -> producer, "snapshots", 0, Duration.ZERO)) {
            writer.start();
            byte[] first = pattern(large, 1);
            assertEquals(first.length, written(writer, producer, first, "a").length);

            // A smaller one after it: the buffer is longer than this payload, none of the rest may leak in.
            byte[] second = pattern(small, 2);
            long before = allocatedBy(writer);
            byte[] got = written(writer, producer, second, "b");
            long allocated = allocatedBy(writer) - before;
            assertArrayEquals(second, got);
            // Its chunks are new arrays (the producer keeps them); a payload-sized array on top would double this.
            assertTrue(allocated < 1.5 * small, "the writer allocated " + allocated + " bytes for a "
                    + small + "-byte snapshot");
        }
    }

    @Test
    void chunksGoOutNoFasterThanTheRateCountedOverAllJobs() throws Exception {
        List<Long> sentAt = new CopyOnWriteArrayList<>();
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
                sentAt.add(System.nanoTime());
                return super.send(record);
            }
        };
        long rate = 10_000_000;
        try (SnapshotWriter writer = new SnapshotWriter(() -> producer, "snapshots", rate, Duration.ZERO)) {
            writer.start();
            long start = System.nanoTime();
            // Two jobs of three chunks: the second's first chunk waits for the first job's last, as any other.
            byte[] one = pattern(3 * SnapshotChunks.CHUNK_PAYLOAD_BYTES - 10, 3);
            byte[] two = pattern(3 * SnapshotChunks.CHUNK_PAYLOAD_BYTES - 10, 4);
            assertArrayEquals(one, written(writer, producer, one, "one"));
            assertArrayEquals(two, written(writer, producer, two, "two"));
            long took = System.nanoTime() - start;
            // The sixth chunk may leave once the five before it (one of them 10 bytes short) are due at
            // 10 MB/s: 262 ms after the first.
            long due = (5L * (SnapshotChunks.HEADER_BYTES + SnapshotChunks.CHUNK_PAYLOAD_BYTES) - 10) * 1_000_000_000L
                    / rate;
            assertTrue(took >= due, "6 chunks in " + took / 1_000_000 + " ms, due over " + due / 1_000_000 + " ms");
            // Each chunk after the first, the second job's first one included, waited for its predecessor's bytes.
            assertEquals(6, sentAt.size());
            long interval = (SnapshotChunks.HEADER_BYTES + SnapshotChunks.CHUNK_PAYLOAD_BYTES - 10) * 1_000_000_000L / rate;
            for (int i = 1; i < 6; i++) {
                long gap = sentAt.get(i) - sentAt.get(i - 1);
                assertTrue(gap >= interval, "chunk " + i + " sent " + gap / 1_000 + " us after the one before");
            }
        }
    }

    @Test
    void aSendTheProducerRefusesFailsTheJobOnlyOnceTheChunksSentBeforeItAreAcknowledged() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
                if (history().size() == 2) {
                    throw new IllegalStateException("the producer is closed");
                }
                return super.send(record);
            }
        };
        try (SnapshotWriter writer = new SnapshotWriter(() -> producer, "snapshots", 0, Duration.ZERO)) {
            writer.start();
            writer.submit(job(5, "refused"));
            awaitSent(producer, 2);
            assertFalse(writer.awaitIdle(5, Duration.ofMillis(300)), "idle while two chunks are unacknowledged");
            assertNull(writer.poll());
            while (producer.completeNext()) {
                // acknowledge the two
            }
            assertTrue(writer.awaitIdle(5, Duration.ofSeconds(5)));
            SnapshotWriter.Done done = writer.poll();
            assertNotNull(done);
            assertNull(done.manifest());
            assertEquals("the producer is closed", done.failure().getMessage());
        }
    }

    @Test
    void aCancelOrACloseEndsAPacedWaitAtOnceAndACancelDropsThePartitionsQueuedJobs() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        // 100 kB/s: 5.2 s between chunks, so every wait below is cut short or the test fails.
        SnapshotWriter writer = new SnapshotWriter(() -> producer, "snapshots", 100_000, Duration.ZERO);
        try {
            writer.start();
            writer.submit(job(3, "written"));
            awaitSent(producer, 1);
            writer.submit(job(4, "other partition"));
            // Nothing of partition 3 is queued: the cancel has to end the wait of the job being written.
            assertIdleSoonAfterCancel(writer, 3);
            assertEquals(1, producer.history().size(), "chunks sent");

            // Partition 4's job now waits its turn; a job of partition 3 queued behind it is dropped by the
            // cancel, so the revoke does not wait for partition 4's chunks.
            writer.submit(job(3, "queued"));
            assertFalse(writer.awaitIdle(3, Duration.ofMillis(100)));
            assertIdleSoonAfterCancel(writer, 3);
            assertNull(writer.poll(), "a cancelled job reports nothing");
            assertFalse(writer.awaitIdle(4, Duration.ofMillis(100)), "partition 4's job is still being written");

            long closing = System.nanoTime();
            writer.close();
            long closeTook = System.nanoTime() - closing;
            assertTrue(closeTook < 3_000_000_000L, "close took " + closeTook / 1_000_000 + " ms");
            assertTrue(producer.history().size() <= 2, "sent " + producer.history().size() + " chunks in all");
        } finally {
            writer.close();
        }
    }

    private static void assertIdleSoonAfterCancel(SnapshotWriter writer, int partition) throws InterruptedException {
        long cancelling = System.nanoTime();
        writer.cancel(partition);
        assertTrue(writer.awaitIdle(partition, Duration.ofSeconds(4)), "partition " + partition + " still busy");
        long took = System.nanoTime() - cancelling;
        assertTrue(took < 3_000_000_000L, "idle " + took / 1_000_000 + " ms after the cancel");
    }

    /** Writes one job and joins its chunks as sent, after checking the manifest's size and checksum. */
    private static byte[] written(SnapshotWriter writer, MockProducer<String, byte[]> producer, byte[] payload,
                                  String session) throws InterruptedException {
        int from = producer.history().size();
        writer.submit(new SnapshotWriter.Job(0, 0, 1, session, 'A', 100, payload, false));
        assertTrue(writer.awaitIdle(0, Duration.ofSeconds(10)));
        SnapshotWriter.Done done = writer.poll();
        assertNotNull(done);
        assertNull(done.failure());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (ProducerRecord<String, byte[]> r : producer.history().subList(from, producer.history().size())) {
            // Under half of a 1 MB G1 region with its array header: not a humongous object.
            assertTrue(r.value().length + 16 < 512 * 1024, "a chunk record of " + r.value().length + " bytes");
            SnapshotChunks.Chunk c = SnapshotChunks.read(r.value());
            assertEquals(done.manifest().id(), c.snapshotId());
            joined.writeBytes(c.payload());
        }
        byte[] bytes = joined.toByteArray();
        assertEquals(payload.length, done.manifest().bytes());
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        assertEquals((int) crc.getValue(), done.manifest().crc32c());
        return bytes;
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        // The session payload's version is its first int.
        b[0] = 0;
        b[1] = 0;
        b[2] = 0;
        b[3] = (byte) SessionSnapshot.VERSION;
        return b;
    }

    private static long allocatedBy(SnapshotWriter writer) {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(writer.threadId());
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
