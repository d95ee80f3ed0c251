package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.protocol.DeadLetterHeaders;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.FrameFormatException;
import io.livedecode.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Publishes a frame's outputs: its decoded records, or the original record on the dead-letter
 * topic with the reason. Each send carries the caller's callback (at-least-once tracks them); the
 * listener hears of published records at once, or, when {@code deferListener} (exactly-once), only
 * once the transaction holding them committed.
 */
final class Outputs {

    private final Topics topics;
    private final DecoderMetrics metrics;
    private final OutputListener listener;
    private final boolean deferListener;
    private final LoopStages stages;
    private final List<Runnable> deferred = new ArrayList<>();

    Outputs(Topics topics, DecoderMetrics metrics, OutputListener listener, boolean deferListener, LoopStages stages) {
        this.topics = topics;
        this.metrics = metrics;
        this.listener = listener;
        this.deferListener = deferListener;
        this.stages = stages;
    }

    /**
     * Fetches the producer's metadata of the decoded topic on a daemon thread, while the loop joins its
     * group, so the first frame's send does not wait for it (a new producer knows no topic). A failure
     * only leaves that wait to the first send. Not the dead-letter topic: it is written rarely, and
     * where it is missing the producer would keep asking for it.
     */
    void prefetchMetadata(Producer<String, byte[]> producer) {
        Thread.ofPlatform().daemon().name("livedecode-output-metadata").start(() -> {
            try {
                producer.partitionsFor(topics.decoded());
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Outputs.class).debug("metadata of {} not fetched ahead: {}",
                        topics.decoded(), e.toString());
            }
        });
    }

    void decoded(Producer<String, byte[]> producer, List<DecodedRecord> records, OutputTracker.Frame acks) {
        for (DecodedRecord d : records) {
            long start = System.nanoTime();
            byte[] json = d.toJson();
            long serialised = System.nanoTime();
            producer.send(new ProducerRecord<>(topics.decoded(), d.session(), json), callback(acks));
            long sent = System.nanoTime();
            long now = EpochNanos.now();
            metrics.latency(d.variant(), now - d.acquiredNanos());
            stages.sent(serialised - start, sent - serialised, now);
        }
        metrics.frameDecoded();
        tell(() -> records.forEach(listener::decoded));
    }

    void rejected(Producer<String, byte[]> producer, ConsumerRecord<String, byte[]> record, FrameFormatException e,
                  OutputTracker.Frame acks) {
        deadLetter(producer, record, e, acks);
        metrics.frameRejected(e.reason());
        String session = record.key() == null || record.key().isBlank() ? null : record.key();
        tell(() -> listener.rejected(session, e.reason()));
    }

    /**
     * A label record that breaks a rule: dead-lettered like a bad frame, but counted by the caller in
     * the labels' own metric, not as a refused frame.
     */
    void rejectedLabel(Producer<String, byte[]> producer, ConsumerRecord<String, byte[]> record, FrameFormatException e) {
        deadLetter(producer, record, e, null);
    }

    private void deadLetter(Producer<String, byte[]> producer, ConsumerRecord<String, byte[]> record,
                            FrameFormatException e, OutputTracker.Frame acks) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topics.deadLetter(), null, record.key(), record.value());
        dead.headers().add(new RecordHeader(DeadLetterHeaders.REASON, utf8(e.reason().code())));
        dead.headers().add(new RecordHeader(DeadLetterHeaders.DETAIL, utf8(e.getMessage())));
        dead.headers().add(new RecordHeader(DeadLetterHeaders.SOURCE,
                utf8(record.topic() + "/" + record.partition() + "/" + record.offset())));
        producer.send(dead, callback(acks));
    }

    /** Exactly-once: the transaction committed, the listener may hear of its records. */
    void committed() {
        deferred.forEach(Outputs::safely);
        deferred.clear();
    }

    /** Exactly-once: the transaction was aborted, its records were never published. */
    void aborted() {
        deferred.clear();
    }

    private void tell(Runnable notice) {
        if (deferListener) {
            deferred.add(notice);
        } else {
            safely(notice);
        }
    }

    /** A listener's fault must not stop decoding. */
    private static void safely(Runnable notice) {
        try {
            notice.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Outputs.class).warn("output listener failed: {}", e.toString());
        }
    }

    private static Callback callback(OutputTracker.Frame acks) {
        return acks == null ? null : acks.expect();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
