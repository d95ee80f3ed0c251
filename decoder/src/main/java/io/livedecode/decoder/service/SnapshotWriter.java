package io.livedecode.decoder.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes session snapshots to the snapshots topic on its own thread with its own idempotent
 * producer, outside any transaction, so a 20 MB snapshot neither stalls the decoding loop nor
 * sits in an exactly-once transaction. For each job it sends the chunks, waits until every one is
 * acknowledged and hands back a {@link SnapshotManifest}; the loop then records the manifest in
 * the partition's catalog (in the transaction, in exactly-once). A snapshot that fails is
 * reported as failed and simply not used: the previous one stays valid.
 *
 * <p>Only one writer may write a session's slots at a time (compaction keeps the newest record of a
 * chunk key, so a late chunk of ours could replace the next owner's). When a partition is rewound
 * or leaves this instance, {@link #cancel} stops its jobs: queued ones are dropped at once, the one
 * being written sends no further chunk; {@link #awaitIdle} waits until the chunks already sent are
 * acknowledged or failed, which a revoke does before it hands the partition over.
 *
 * <p>Chunks go out at most at the configured rate ({@code snapshot.write-mb-per-s}), counted over
 * all jobs: a relu200 session's 20 MB sent at once took the broker 45-123 ms to acknowledge, and
 * frames fetched meanwhile waited behind it. Paced, the broker takes one chunk at a time between the
 * frames. A cancel or a close ends a paced wait at once.
 *
 * <p>The loop thread only captures the models (copies their state arrays, see {@link SessionSnapshot#capture});
 * they are serialised here, when the job's {@link Job#payload} is asked for, so the decoding loop no
 * longer pays the tens of milliseconds a 20 MB serialisation takes.
 */
final class SnapshotWriter implements AutoCloseable {

    /** A snapshot's bytes, made on the writer's thread. */
    interface Payload {
        int length();

        /** Writes the {@link #length} bytes at the start of {@code dst}; called at most once, not for a cancelled job. */
        void writeTo(byte[] dst);
    }

    /**
     * One snapshot to write: its models were captured on the loop thread at {@code sourceOffset};
     * {@code payload} makes their bytes on this thread.
     *
     * @param target snapshots-topic partition of the frame partition's records
     * @param epoch  the frame partition's epoch when the job was made; a rewind makes older jobs stale
     */
    record Job(int sourcePartition, int target, int epoch, String session, char slot, long sourceOffset,
               Payload payload, boolean eviction, long labelsPosition) {

        /** A job whose bytes are already made. */
        Job(int sourcePartition, int target, int epoch, String session, char slot, long sourceOffset, byte[] bytes,
            boolean eviction) {
            this(sourcePartition, target, epoch, session, slot, sourceOffset, new Payload() {
                @Override
                public int length() {
                    return bytes.length;
                }

                @Override
                public void writeTo(byte[] dst) {
                    System.arraycopy(bytes, 0, dst, 0, bytes.length);
                }
            }, eviction, -1);
        }
    }

    /** A finished job: the manifest, or the failure. */
    record Done(Job job, SnapshotManifest manifest, Exception failure) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
    /** A submitted job and its place in submission order. */
    private record Queued(Job job, long seq) {
    }

    private static final Queued STOP = new Queued(new Job(-1, -1, -1, "", 'A', -1, new byte[0], false), -1);

    private final Supplier<Producer<String, byte[]>> producers;
    private final String topic;
    private final BlockingQueue<Queued> jobs = new LinkedBlockingQueue<>();
    private final AtomicLong submitted = new AtomicLong();
    /** Per source partition: jobs up to this sequence number are cancelled. */
    private final Map<Integer, Long> cancelledThrough = new ConcurrentHashMap<>();
    /** Per source partition: jobs submitted and not finished (guarded by {@code this}). */
    private final Map<Integer, Integer> unfinished = new HashMap<>();
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    /** Most chunk bytes sent per second; 0 for as fast as the producer takes them. */
    private final long bytesPerSecond;
    /** When the next chunk may be sent, by {@link System#nanoTime} (this thread only). */
    private long nextSendAt;
    /** Set by {@link #close}: a paced write stops waiting and sends no further chunk. */
    private volatile boolean closing;
    private final Duration testDelay;
    private Producer<String, byte[]> producer;
    /**
     * Where each payload is made (this thread only), kept at the largest one so far: about 20 MB for
     * {@code linear,relu200} at 23,589 neurons. A new array per snapshot was a humongous object for
     * the collector every time.
     */
    private byte[] buffer = new byte[0];

    /**
     * @param bytesPerSecond most chunk bytes sent per second, 0 for no limit
     * @param testDelay      pause between chunks, for tests that aim a crash at the write window; zero otherwise
     */
    SnapshotWriter(Supplier<Producer<String, byte[]>> producers, String topic, long bytesPerSecond,
                   Duration testDelay) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond " + bytesPerSecond);
        }
        this.producers = producers;
        this.topic = topic;
        this.bytesPerSecond = bytesPerSecond;
        this.testDelay = testDelay;
        this.nextSendAt = System.nanoTime();
        this.thread = Thread.ofPlatform().name("livedecode-snapshot-writer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** The writer thread's id (tests measure what it allocates). */
    long threadId() {
        return thread.threadId();
    }

    void submit(Job job) {
        synchronized (this) {
            unfinished.merge(job.sourcePartition(), 1, Integer::sum);
        }
        jobs.add(new Queued(job, submitted.incrementAndGet()));
    }

    /**
     * Stops every job of the source partition submitted so far (loop thread: revoke, loss, rewind):
     * the queued ones leave the queue now, so a revoke waits for none of them, nor for other
     * partitions' jobs queued before them.
     */
    void cancel(int sourcePartition) {
        synchronized (this) {
            cancelledThrough.put(sourcePartition, submitted.get());
            // Wakes the job being written if it waits for its turn to send.
            notifyAll();
        }
        for (Queued q : jobs) {
            // remove() is true for the one caller that took it out: the writer thread finishes what it took.
            if (q != STOP && cancelled(q) && jobs.remove(q)) {
                finished(q.job());
            }
        }
    }

    /**
     * Waits until no job of the source partition is queued or being written, at most {@code timeout}.
     *
     * @return false if one still is (its chunks wait for the broker)
     */
    synchronized boolean awaitIdle(int sourcePartition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unfinished.getOrDefault(sourcePartition, 0) > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private boolean cancelled(Queued q) {
        return q.seq() <= cancelledThrough.getOrDefault(q.job().sourcePartition(), 0L);
    }

    private synchronized void finished(Job job) {
        unfinished.merge(job.sourcePartition(), -1, Integer::sum);
        unfinished.remove(job.sourcePartition(), 0);
        notifyAll();
    }

    /** Finished jobs since the last call. */
    Done poll() {
        return done.poll();
    }

    private void run() {
        producer = producers.get();
        try {
            while (true) {
                Queued q = jobs.take();
                if (q == STOP) {
                    return;
                }
                try {
                    // A cancelled job's partition was rewound or has gone: nobody waits for its result.
                    if (!cancelled(q)) {
                        Done d = write(q);
                        if (!cancelled(q)) {
                            done.add(d);
                        }
                    }
                } finally {
                    finished(q.job());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private Done write(Queued q) {
        Job job = q.job();
        try {
            long id = ThreadLocalRandom.current().nextLong();
            int length = job.payload().length();
            if (buffer.length < length) {
                buffer = null;
                buffer = new byte[length];
            }
            job.payload().writeTo(buffer);
            int chunks = SnapshotChunks.count(length);
            LOG.debug("writing snapshot of session '{}' at offset {} into slot {} ({} chunks)", job.session(),
                    job.sourceOffset(), job.slot(), chunks);
            List<Future<RecordMetadata>> sent = new ArrayList<>(chunks);
            long start = System.nanoTime();
            Exception stopped = null;
            try {
                for (int i = 0; i < chunks && awaitTurn(q); i++) {
                    byte[] chunk = SnapshotChunks.chunk(id, buffer, length, i);
                    sent.add(producer.send(new ProducerRecord<>(topic, job.target(),
                            SnapshotChunks.key(job.slot(), i, job.session()), chunk)));
                    if (bytesPerSecond > 0) {
                        nextSendAt = Math.max(nextSendAt, System.nanoTime())
                                + chunk.length * 1_000_000_000L / bytesPerSecond;
                    }
                    if (!testDelay.isZero()) {
                        Thread.sleep(testDelay.toMillis());
                    }
                }
            } catch (InterruptedException | RuntimeException e) {
                // An interrupt, or a send the producer refused: the sends already made are still waited for below.
                stopped = e;
            }
            Acknowledged acks = acknowledged(sent);
            Exception failure = stopped != null ? stopped : acks.failure();
            if (failure != null) {
                throw failure;
            }
            if (sent.size() < chunks) {
                return new Done(job, null, new IllegalStateException(closing ? "closed" : "cancelled"));
            }
            LOG.debug("snapshot of session '{}' at offset {}: {} bytes in {} chunks, sent and acknowledged in {} ms",
                    job.session(), job.sourceOffset(), length, chunks, (System.nanoTime() - start) / 1_000_000);
            CRC32C crc = new CRC32C();
            crc.update(buffer, 0, length);
            return new Done(job, new SnapshotManifest(job.slot(), id, job.sourceOffset(), chunks,
                    length, (int) crc.getValue(), acks.first(), acks.last(), SessionSnapshot.versionOf(buffer, length),
                    job.labelsPosition()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Done(job, null, e);
        } catch (Exception e) {
            LOG.warn("snapshot of session '{}' at offset {} not written: {}", job.session(), job.sourceOffset(),
                    e.toString());
            return new Done(job, null, e);
        }
    }

    /** What the broker said about a job's sends: the offsets they got, or the first failure. */
    private record Acknowledged(long first, long last, Exception failure) {
    }

    /**
     * Waits for every send, even when cancelled, failed or interrupted: once this returns, no chunk of
     * ours is still on its way to the broker. An interrupt is kept for the end, then restored.
     */
    private static Acknowledged acknowledged(List<Future<RecordMetadata>> sent) {
        long first = -1;
        long last = -1;
        Exception failure = null;
        boolean interrupted = false;
        for (Future<RecordMetadata> f : sent) {
            while (true) {
                try {
                    // The idempotent producer retries until delivery.timeout.ms; a failure here is final.
                    RecordMetadata md = f.get(10, TimeUnit.MINUTES);
                    first = first < 0 ? md.offset() : Math.min(first, md.offset());
                    last = Math.max(last, md.offset());
                    break;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    failure = failure == null ? e : failure;
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            failure = failure == null ? new InterruptedException("interrupted while its chunks were sent") : failure;
        }
        return new Acknowledged(first, last, failure);
    }

    /**
     * Waits until the next chunk keeps to the rate, unless the job is cancelled or the writer closes first.
     *
     * @return false when the job is cancelled or the writer is closing: send nothing more
     */
    private synchronized boolean awaitTurn(Queued q) throws InterruptedException {
        while (!cancelled(q) && !closing) {
            long wait = bytesPerSecond == 0 ? 0 : nextSendAt - System.nanoTime();
            if (wait <= 0) {
                return true;
            }
            TimeUnit.NANOSECONDS.timedWait(this, wait);
        }
        return false;
    }

    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        List<Queued> dropped = new ArrayList<>();
        jobs.drainTo(dropped);
        // Nobody waits for a dropped job after a close, but none is left counted as unfinished.
        dropped.stream().filter(q -> q != STOP).forEach(q -> finished(q.job()));
        jobs.add(STOP);
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
