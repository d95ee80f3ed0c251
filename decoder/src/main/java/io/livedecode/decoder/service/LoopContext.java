package io.livedecode.decoder.service;

import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.metrics.DecoderMetrics;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the pieces of the decoding loop share, all owned by the loop thread: the configuration, the
 * Kafka clients (the producer is replaced when it must be recreated), the sessions, the assigned
 * partitions and the snapshot store and writer.
 */
final class LoopContext {

    private static final Logger LOG = LoggerFactory.getLogger(LoopContext.class);

    final ServiceConfig config;
    final KafkaClients clients;
    final DecoderMetrics metrics;
    final SessionRegistry sessions;
    final FrameProcessor processor;
    final FrameValidator validator;
    final Outputs outputs;
    final KafkaHealth health;
    final LoopStages stages;
    final Map<Integer, PartitionState> partitions = new TreeMap<>();
    KafkaConsumer<String, byte[]> consumer;
    KafkaProducer<String, byte[]> producer;
    SnapshotStore store;
    SnapshotWriter writer;
    /** Aborts hanging transactions that hold the group's offsets back; null unless exactly-once. */
    HangingTransactions hanging;
    /** The late-labels join, or null when labels are off. */
    LabelJoin join;
    private volatile boolean stopping;

    LoopContext(ServiceConfig config, KafkaClients clients, DecoderMetrics metrics, SessionRegistry sessions,
                FrameProcessor processor, FrameValidator validator, Outputs outputs, KafkaHealth health,
                LoopStages stages) {
        this.config = config;
        this.clients = clients;
        this.metrics = metrics;
        this.sessions = sessions;
        this.processor = processor;
        this.validator = validator;
        this.outputs = outputs;
        this.health = health;
        this.stages = stages;
    }

    /** True once a stop was asked for: retry loops give up. */
    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }

    Collection<PartitionState> assigned() {
        return partitions.values();
    }

    /** Logs and counts a record of the snapshots topic that is not used. */
    void setAside(SetAsideReason reason, String what) {
        LOG.warn("set aside ({}): {}", reason.code(), what);
        metrics.snapshotSetAside(reason.code());
    }
}
