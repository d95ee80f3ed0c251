package io.livedecode.decoder.service;

import io.livedecode.decoder.config.DeliveryMode;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.protocol.DeadLetterHeaders;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.EpochNanos;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume, decode, publish, learn loop. Runs on one dedicated thread that owns the Kafka
 * consumer, the producer and every model (models are single-writer). Other threads talk to it
 * only through {@link #submit} and {@link #stop}.
 */
public final class DecodingLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DecodingLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ServiceConfig config;
    private final KafkaClients clients;
    private final FrameProcessor processor;
    private final DecoderMetrics metrics;
    private final OutputListener listener;
    private final ConcurrentLinkedQueue<Consumer<FrameProcessor>> commands = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<TopicPartition, Long> replayUntil = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final Map<Integer, Integer> framesSinceSnapshot = new HashMap<>();
    private final Set<Integer> snapshotDue = new HashSet<>();
    private final boolean transactional;
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile boolean failed;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private KafkaClientMetrics consumerMetrics;
    private KafkaClientMetrics producerMetrics;
    private long lastCommitNanos = System.nanoTime();

    public DecodingLoop(ServiceConfig config, KafkaClients clients, FrameProcessor processor, DecoderMetrics metrics,
                        OutputListener listener) {
        this.config = config;
        this.clients = clients;
        this.processor = processor;
        this.metrics = metrics;
        this.listener = listener;
        this.transactional = config.deliveryMode() == DeliveryMode.EXACTLY_ONCE;
    }

    /** True once partitions are assigned and their models restored. */
    public boolean ready() {
        return ready && running;
    }

    /** False after a fatal Kafka error stopped the loop. */
    public boolean healthy() {
        return !failed;
    }

    /** Runs an action on the loop thread between batches (admin commands change model state). */
    public void submit(Consumer<FrameProcessor> command) {
        commands.add(command);
    }

    /** Asks the loop to finish its batch, commit and close; waits for it. */
    public void stop(Duration timeout) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            consumer = clients.frameConsumer(transactional);
            producer = clients.producer(transactional);
            consumerMetrics = new KafkaClientMetrics(consumer);
            producerMetrics = new KafkaClientMetrics(producer);
            consumerMetrics.bindTo(metrics.registry());
            producerMetrics.bindTo(metrics.registry());
            if (transactional) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(config.topics().frames()), new Rebalance());
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                runCommands();
                if (!records.isEmpty()) {
                    handle(records);
                } else if (!transactional) {
                    maybeCommit(false);
                }
                updateLag();
            }
            if (!transactional) {
                maybeCommit(true);
            }
        } catch (WakeupException e) {
            // stop() woke the consumer: finish below with a final commit.
            if (!transactional && consumer != null) {
                safely(() -> maybeCommit(true));
            }
        } catch (ProducerFencedException | AuthorizationException | AuthenticationException
                 | UnsupportedVersionException e) {
            // Fatal: another instance took over, or the cluster refuses us; retrying cannot help.
            failed = true;
            LOG.error("decoding loop stopped by a fatal Kafka error: {}", e.toString());
        } catch (RuntimeException e) {
            failed = true;
            LOG.error("decoding loop failed", e);
        } finally {
            ready = false;
            metrics.ready(false);
            safely(() -> consumerMetrics.close());
            safely(() -> producerMetrics.close());
            safely(() -> producer.close(Duration.ofSeconds(10)));
            safely(() -> consumer.close(Duration.ofSeconds(10)));
            stopped.countDown();
        }
    }

    private void handle(ConsumerRecords<String, byte[]> records) {
        if (transactional) {
            producer.beginTransaction();
        }
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                handle(record);
            }
            if (transactional) {
                if (!uncommitted.isEmpty()) {
                    producer.sendOffsetsToTransaction(Map.copyOf(uncommitted), consumer.groupMetadata());
                }
                writeDueSnapshots();
                producer.commitTransaction();
                uncommitted.clear();
            } else {
                maybeCommit(!snapshotDue.isEmpty());
            }
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            if (!transactional) {
                throw e;
            }
            // Abortable: undo the batch, then rebuild the models from the last committed point.
            LOG.warn("aborting transaction and recovering assigned partitions: {}", e.toString());
            producer.abortTransaction();
            uncommitted.clear();
            snapshotDue.clear();
            recover(consumer.assignment());
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Long until = replayUntil.get(tp);
        boolean replaying = until != null && record.offset() < until;
        if (until != null && !replaying) {
            replayUntil.remove(tp);
        }
        FrameProcessor.Result result = processor.decode(record.key(), record.value(), record.partition(), replaying);
        if (!replaying) {
            publish(record, result);
            uncommitted.put(tp, new OffsetAndMetadata(record.offset() + 1));
        }
        processor.learn(result, replaying);
        int seen = framesSinceSnapshot.merge(record.partition(), 1, Integer::sum);
        if (seen >= config.snapshotIntervalFrames()) {
            snapshotDue.add(record.partition());
        }
    }

    private void publish(ConsumerRecord<String, byte[]> record, FrameProcessor.Result result) {
        if (result.rejected() != null) {
            ProducerRecord<String, byte[]> dead = new ProducerRecord<>(config.topics().deadLetter(), null,
                    record.key(), record.value());
            dead.headers().add(new RecordHeader(DeadLetterHeaders.REASON, utf8(result.rejected().reason().code())));
            dead.headers().add(new RecordHeader(DeadLetterHeaders.DETAIL, utf8(result.rejected().getMessage())));
            dead.headers().add(new RecordHeader(DeadLetterHeaders.SOURCE,
                    utf8(record.topic() + "/" + record.partition() + "/" + record.offset())));
            producer.send(dead);
            metrics.frameRejected(result.rejected().reason());
            listener.rejected(record.key() == null || record.key().isBlank() ? null : record.key(), result.rejected().reason());
            return;
        }
        for (DecodedRecord decoded : result.outputs()) {
            producer.send(new ProducerRecord<>(config.topics().decoded(), decoded.session(), decoded.toJson()));
            metrics.latency(decoded.variant(), EpochNanos.now() - decoded.acquiredNanos());
        }
        metrics.frameDecoded();
        result.outputs().forEach(listener::decoded);
    }

    private void maybeCommit(boolean force) {
        boolean due = System.nanoTime() - lastCommitNanos >= config.commitInterval().toNanos();
        if (uncommitted.isEmpty() && snapshotDue.isEmpty() || !force && !due) {
            return;
        }
        // Outputs must be acknowledged before the offsets that would skip their frames commit.
        producer.flush();
        if (!uncommitted.isEmpty()) {
            consumer.commitSync(Map.copyOf(uncommitted));
            uncommitted.clear();
        }
        lastCommitNanos = System.nanoTime();
        // Snapshots need not be durable before decoding goes on: if one is lost, recovery starts
        // from the one before and replays more frames.
        writeDueSnapshots();
    }

    private void writeDueSnapshots() {
        for (int partition : snapshotDue) {
            long next = consumer.position(new TopicPartition(config.topics().frames(), partition));
            processor.snapshots(partition).forEach((session, bytes) ->
                    SnapshotChunks.send(producer, config.topics().snapshots(), session, partition, next, bytes));
            framesSinceSnapshot.put(partition, 0);
        }
        snapshotDue.clear();
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new HashSet<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        return numbers;
    }

    private void recover(Collection<TopicPartition> partitions) {
        ready = false;
        metrics.ready(false);
        Set<Integer> numbers = numbers(partitions);
        processor.dropPartitions(numbers);
        Map<String, SnapshotReader.Stored> snapshots = numbers.isEmpty() ? Map.of()
                : SnapshotReader.readLatest(clients.snapshotReaderProperties(), config.topics().snapshots(), numbers);
        Map<Integer, Long> resumeAt = new HashMap<>();
        snapshots.forEach((session, stored) -> {
            processor.restore(session, stored.sourcePartition(), stored.payload());
            LOG.info("restored session '{}' from its snapshot at {}-{}", session, config.topics().frames(),
                    stored.sourceOffset());
            resumeAt.merge(stored.sourcePartition(), stored.sourceOffset(), Math::max);
        });
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        for (TopicPartition tp : partitions) {
            ResumePoint resume = ResumePoint.of(tp, resumeAt, committed, beginning);
            framesSinceSnapshot.put(tp.partition(), 0);
            consumer.seek(tp, resume.seekTo());
            if (resume.replays()) {
                replayUntil.put(tp, resume.committed());
                LOG.info("{}: rebuilding models from offset {} up to committed {}", tp, resume.seekTo(),
                        resume.committed());
            }
        }
        metrics.activeSessions(processor.sessionCount());
        ready = true;
        metrics.ready(true);
    }

    private void updateLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                lag += l.getAsLong();
            }
        }
        metrics.consumerLag(lag);
        metrics.activeSessions(processor.sessionCount());
    }

    private void runCommands() {
        Consumer<FrameProcessor> command;
        while ((command = commands.poll()) != null) {
            try {
                command.accept(processor);
            } catch (RuntimeException e) {
                LOG.warn("admin command failed: {}", e.toString());
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.debug("ignored during shutdown: {}", e.toString());
        }
    }

    /** Restores models when partitions arrive; commits and forgets them when they leave. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            recover(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!transactional) {
                safely(() -> maybeCommit(true));
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: nothing may be committed for them.
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            processor.dropPartitions(numbers(partitions));
            partitions.forEach(replayUntil::remove);
            uncommitted.keySet().removeAll(partitions);
        }
    }
}
