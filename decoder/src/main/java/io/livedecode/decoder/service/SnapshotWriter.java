package io.livedecode.decoder.service;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes session snapshots to the snapshots topic on its own thread with its own idempotent
 * producer, outside any transaction, so a 40 MB snapshot neither stalls the decoding loop nor
 * sits in an exactly-once transaction. For each job it sends the chunks, waits until every one is
 * acknowledged and hands back a {@link SnapshotManifest}; the loop then records the manifest in
 * the partition's catalog (in the transaction, in exactly-once). A snapshot that fails is
 * reported as failed and simply not used: the previous one stays valid.
 */
final class SnapshotWriter implements AutoCloseable {

    /**
     * One snapshot to write: its models were serialised on the loop thread at {@code sourceOffset}.
     *
     * @param target snapshots-topic partition of the frame partition's records
     * @param epoch  the frame partition's epoch when the job was made; a rewind makes older jobs stale
     */
    record Job(int sourcePartition, int target, int epoch, String session, char slot, long sourceOffset,
               byte[] payload, boolean eviction) {
    }

    /** A finished job: the manifest, or the failure. */
    record Done(Job job, SnapshotManifest manifest, Exception failure) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
    private static final Job STOP = new Job(-1, -1, -1, "", 'A', -1, new byte[0], false);

    private final Supplier<Producer<String, byte[]>> producers;
    private final String topic;
    private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final Duration testDelay;
    private Producer<String, byte[]> producer;

    /**
     * @param testDelay pause between chunks, for tests that aim a crash at the write window; zero otherwise
     */
    SnapshotWriter(Supplier<Producer<String, byte[]>> producers, String topic, Duration testDelay) {
        this.producers = producers;
        this.topic = topic;
        this.testDelay = testDelay;
        this.thread = Thread.ofPlatform().name("livedecode-snapshot-writer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void submit(Job job) {
        jobs.add(job);
    }

    /** Finished jobs since the last call. */
    Done poll() {
        return done.poll();
    }

    int queued() {
        return jobs.size();
    }

    private void run() {
        producer = producers.get();
        try {
            while (true) {
                Job job = jobs.take();
                if (job == STOP) {
                    return;
                }
                done.add(write(job));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private Done write(Job job) {
        try {
            long id = ThreadLocalRandom.current().nextLong();
            List<byte[]> chunks = SnapshotChunks.split(id, job.payload());
            LOG.debug("writing snapshot of session '{}' at offset {} into slot {} ({} chunks)", job.session(),
                    job.sourceOffset(), job.slot(), chunks.size());
            Future<?>[] sent = new Future<?>[chunks.size()];
            for (int i = 0; i < chunks.size(); i++) {
                sent[i] = producer.send(new ProducerRecord<>(topic, job.target(),
                        SnapshotChunks.key(job.slot(), i, job.session()), chunks.get(i)));
                if (!testDelay.isZero()) {
                    Thread.sleep(testDelay.toMillis());
                }
            }
            long first = -1;
            long last = -1;
            for (Future<?> f : sent) {
                // The idempotent producer retries until delivery.timeout.ms; a failure here is final.
                RecordMetadata md = (RecordMetadata) f.get(10, TimeUnit.MINUTES);
                first = first < 0 ? md.offset() : Math.min(first, md.offset());
                last = Math.max(last, md.offset());
            }
            CRC32C crc = new CRC32C();
            crc.update(job.payload());
            return new Done(job, new SnapshotManifest(job.slot(), id, job.sourceOffset(), chunks.size(),
                    job.payload().length, (int) crc.getValue(), first, last, SessionSnapshot.VERSION), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Done(job, null, e);
        } catch (Exception e) {
            LOG.warn("snapshot of session '{}' at offset {} not written: {}", job.session(), job.sourceOffset(),
                    e.toString());
            return new Done(job, null, e);
        }
    }

    @Override
    public void close() {
        jobs.add(STOP);
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
