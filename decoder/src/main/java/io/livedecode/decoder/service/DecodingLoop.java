package io.livedecode.decoder.service;

import io.livedecode.decoder.config.DeliveryMode;
import io.livedecode.decoder.config.LabelSettings;
import io.livedecode.decoder.metrics.LabelMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoding loop's thread: polls frames, runs admin changes between batches, hands each batch to
 * the delivery mode, and keeps readiness and health true. It owns the consumer, the producer and
 * every model (models are single-writer); other threads reach it only through {@link #resetSession},
 * {@link #learning}, {@link #readModels} and {@link #stop}. Kafka being away is waited out; only an error no retry can fix
 * ends the loop, and then {@code /health} reports it, whatever the error was.
 */
public final class DecodingLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DecodingLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long HOUSEKEEPING_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Longest a batch waits for the warm-up (far below the consumer's max.poll.interval.ms). */
    private static final Duration WARMUP_WAIT = Duration.ofSeconds(60);

    private final LoopContext ctx;
    private final AdminCommands admin;
    private final ConcurrentLinkedQueue<Runnable> reads = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread thread;
    private LabelReader labelReader;
    private LabelMetrics labelMeters;
    private volatile boolean ready;
    private volatile boolean failed;
    private final CompletableFuture<KafkaAccessDenied> denied = new CompletableFuture<>();
    /** The kernel warm-up: no frame is decoded, and the loop is not ready, before it has ended. */
    private final CompletableFuture<PathWarmup.Result> warmup;
    /** The warm-up took longer than {@link #WARMUP_WAIT}: decoding goes on without waiting for it. */
    private boolean warmupWaived;

    DecodingLoop(LoopContext ctx) {
        this(ctx, CompletableFuture.completedFuture(PathWarmup.Result.NONE));
    }

    DecodingLoop(LoopContext ctx, CompletableFuture<PathWarmup.Result> warmup) {
        this.ctx = ctx;
        this.admin = new AdminCommands(ctx);
        this.warmup = warmup;
    }

    /**
     * True while every assigned partition is recovered, the warm-up has ended and Kafka answers
     * (also while the loop waits in a call).
     */
    public boolean ready() {
        return ready && !failed && ctx.health.reachable();
    }

    /** Completes when the kernel warm-up has ended, failed or not. */
    CompletionStage<Duration> warmup() {
        return warmup.thenApply(PathWarmup.Result::took).exceptionally(e -> Duration.ZERO);
    }

    /** False once the loop thread ended other than by {@link #stop}. */
    public boolean healthy() {
        Thread t = thread;
        return !failed && (t == null || t.isAlive() || ctx.stopping());
    }

    /** Completes when the loop ended because the cluster refused our credentials or certificate. */
    public CompletionStage<KafkaAccessDenied> accessDenied() {
        return denied;
    }

    /** Forgets a session's models at the current offset of its partition, recorded so restarts keep it. */
    public void resetSession(String session) {
        admin.reset(session);
    }

    /** Pauses or resumes learning on this instance's partitions, recorded so restarts keep it. */
    public void learning(boolean enabled) {
        admin.learning(enabled);
    }

    /**
     * Runs {@code read} on the loop's thread between two batches, where no frame is half applied;
     * it may look at the models (e.g. copy one for export) but must not change them, so it needs no
     * record in the catalog and no settled partitions, unlike the admin changes.
     */
    public void readModels(Runnable read) {
        reads.add(read);
    }

    /** Asks the loop to finish its batch, commit and close; waits for it. */
    public void stop(Duration timeout) throws InterruptedException {
        ctx.stop();
        KafkaConsumer<String, byte[]> c = ctx.consumer;
        if (c != null) {
            c.wakeup();
        }
        stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        boolean transactional = ctx.config.deliveryMode() == DeliveryMode.EXACTLY_ONCE;
        ProducerErrors errors = new ProducerErrors(ctx, transactional);
        KafkaClientMetrics consumerMetrics = null;
        Delivery delivery = null;
        Throwable endedBy = null;
        try {
            ctx.consumer = ctx.clients.frameConsumer(transactional);
            ctx.producer = ctx.clients.producer(transactional);
            ctx.outputs.prefetchMetadata(ctx.producer);
            ctx.store = new SnapshotStore(ctx.clients.snapshotReader(), ctx.config.topics().snapshots(),
                    Duration.ofMinutes(2), ctx::setAside);
            ctx.writer = new SnapshotWriter(ctx.clients::snapshotProducer, ctx.config.topics().snapshots(),
                    ctx.config.snapshotWriteBytesPerSecond(), ctx.clients.snapshotTestDelay());
            ctx.writer.start();
            if (transactional) {
                ctx.hanging = new HangingTransactions(ctx.clients.admin(), ctx.config.kafka().groupId(),
                        ctx.clients.transactionalIdPrefix(), ctx.clients.transactionalId(), Duration.ofSeconds(15));
            }
            LabelReader labels = lateLabels();
            ctx.health.watch(ctx.consumer);
            consumerMetrics = new KafkaClientMetrics(ctx.consumer);
            consumerMetrics.bindTo(ctx.metrics.registry());
            errors.bindMetrics();
            Recovery recovery = new Recovery(ctx);
            Rewinder rewinder = new Rewinder(ctx, recovery);
            SnapshotScheduler snapshots = new SnapshotScheduler(ctx);
            // Allocated off the loop thread, which may be taking frames by then.
            warmup.thenAcceptAsync(done -> snapshots.prepareStaging(done.snapshotStaging()),
                    task -> Thread.ofPlatform().daemon().name("livedecode-staging").start(task));
            FrameHandler frames = new FrameHandler(ctx, recovery, snapshots);
            delivery = transactional ? new ExactlyOnceDelivery(ctx, frames, snapshots, rewinder, errors)
                    : new AtLeastOnceDelivery(ctx, frames, snapshots, rewinder, errors);
            RebalanceHandler rebalance = new RebalanceHandler(ctx, rewinder);
            rebalance.delivery(delivery);
            delivery.start();
            ctx.consumer.subscribe(List.of(ctx.config.topics().frames()), rebalance);
            loop(delivery, rewinder, snapshots, labels);
            delivery.finish();
        } catch (WakeupException e) {
            // stop() woke the consumer: last commit below.
            finish(delivery);
        } catch (ProducerErrors.FatalException e) {
            failed = true;
            LOG.error("decoding loop stopped: {}", e.getMessage());
            endedBy = e;
        } catch (Throwable e) {
            // Whatever ends the loop (an Error included) must show in /health, or no one restarts us.
            failed = !ctx.stopping();
            LOG.error("decoding loop failed", e);
            endedBy = e;
        } finally {
            ready = false;
            ctx.metrics.ready(false);
            close(consumerMetrics, errors);
            stopped.countDown();
            // Unlike other fatal errors (left to /health), a refused login ends `serve`: tell it once the clients are closed.
            if (endedBy != null) {
                KafkaAccessDenied.of(endedBy, ctx.config.kafka().security(), ctx.config.kafka().bootstrapServers())
                        .ifPresent(denied::complete);
            }
        }
    }

    /** The labels reader and the join when late labels are on, else null. */
    private LabelReader lateLabels() {
        LabelSettings settings = ctx.config.labels();
        if (!settings.enabled()) {
            return null;
        }
        LabelMetrics meters = new LabelMetrics(ctx.metrics.registry());
        labelMeters = meters;
        ctx.join = new LabelJoin(settings.lagFrames(), settings.maxWait(), System::nanoTime, new LabelJoin.Listener() {
            @Override
            public void counted(LabelJoin.Outcome outcome) {
                meters.counted(outcome.code());
            }

            @Override
            public void waited(long nanos) {
                meters.waited(nanos);
            }
        });
        labelReader = new LabelReader(ctx, ctx.clients.labelReader());
        labelReader.checkPartitions(ctx.consumer);
        return labelReader;
    }

    private void loop(Delivery delivery, Rewinder rewinder, SnapshotScheduler snapshots, LabelReader labels) {
        long lastHousekeeping = 0;
        while (!ctx.stopping()) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = ctx.consumer.poll(POLL);
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                if (ProducerErrors.fatalForService(e)) {
                    throw new ProducerErrors.FatalException("Kafka refuses this consumer: " + e, e);
                }
                // Retriable or transient consumer errors: log and poll again.
                LOG.warn("poll failed, polling again: {}", e.toString());
                continue;
            }
            rewinder.retryPending();
            admin.run(delivery, snapshots);
            for (Runnable read; (read = reads.poll()) != null; ) {
                read.run();
            }
            if (!records.isEmpty()) {
                awaitWarmup();
            }
            if (labels != null) {
                readLabels(labels);
            }
            delivery.batch(records);
            if (System.nanoTime() - lastHousekeeping > HOUSEKEEPING_NANOS) {
                lastHousekeeping = System.nanoTime();
                snapshots.evictIdle();
                updateLag();
                if (ctx.join != null) {
                    labelMeters.held(ctx.join.queueCount(), ctx.join.responsesHeld());
                }
            }
            boolean allRecovered = !ctx.partitions.isEmpty()
                    && ctx.assigned().stream().allMatch(ps -> ps.recovered);
            ready = allRecovered && (warmup.isDone() || warmupWaived) && ctx.health.reachable();
            ctx.metrics.ready(ready);
        }
    }

    /**
     * Frames polled before the warm-up has ended wait for it here: compiled, they catch up within a
     * few frames, while decoded cold each would take as long as the whole warm-up's remainder.
     * Bounded, so a warm-up that cannot finish never stops decoding.
     */
    private void awaitWarmup() {
        if (warmup.isDone() || warmupWaived) {
            return;
        }
        try {
            warmup.get(WARMUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // Logged where the warm-up ends; decoding goes on without it.
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("kernel warm-up still running after {} s: decoding without waiting for it", WARMUP_WAIT.toSeconds());
            warmupWaived = true;
        }
    }

    /**
     * Reads the labels that have arrived. Like the frames' poll, a Kafka error here is logged and the
     * labels are read again on the next turn: frames still decode meanwhile, and held ones wait (or
     * expire) as they would for a late label.
     */
    private void readLabels(LabelReader labels) {
        try {
            labels.sync();
            labels.poll();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            if (ProducerErrors.fatalForService(e)) {
                throw new ProducerErrors.FatalException("Kafka refuses the labels consumer: " + e, e);
            }
            LOG.warn("reading labels failed, reading again: {}", e.toString());
        }
    }

    private void finish(Delivery delivery) {
        if (delivery == null) {
            return;
        }
        try {
            delivery.finish();
        } catch (RuntimeException e) {
            LOG.warn("last commit on stop failed (the next owner replays from the one before): {}", e.toString());
        }
    }

    private void updateLag() {
        long lag = 0;
        for (TopicPartition tp : ctx.consumer.assignment()) {
            OptionalLong l = ctx.consumer.currentLag(tp);
            if (l.isPresent()) {
                lag += l.getAsLong();
            }
        }
        ctx.metrics.consumerLag(lag);
        ctx.metrics.activeSessions(ctx.sessions.size());
    }

    private void close(KafkaClientMetrics consumerMetrics, ProducerErrors errors) {
        ctx.health.close();
        safely(() -> consumerMetrics.close());
        // The consumer first: leaving the group revokes our partitions, and the revoke callback still needs
        // the producer (a last commit) and the snapshot writer (its chunks acknowledged before hand-over).
        // Leave the group at once (a static member otherwise keeps its partitions until its session times
        // out), so the partitions move to the other replicas without delay.
        safely(() -> ctx.consumer.close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(10))));
        if (labelReader != null) {
            safely(labelReader::close);
        }
        safely(() -> ctx.writer.close());
        safely(() -> ctx.store.close());
        safely(errors::closeMetrics);
        safely(() -> ctx.producer.close(Duration.ofSeconds(10)));
        if (ctx.hanging != null) {
            safely(ctx.hanging::close);
        }
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.debug("ignored during shutdown: {}", e.toString());
        }
    }
}
