package io.livedecode.decoder.service;

import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/** How outputs, catalogs and consumer offsets reach Kafka: at-least-once or exactly-once. Loop thread only. */
interface Delivery {

    /** Before the first poll (exactly-once: initTransactions, which fences a dead predecessor). */
    void start();

    /** Handles one poll's records; an empty batch still commits and writes what is due. */
    void batch(ConsumerRecords<String, byte[]> records);

    /** Partitions are being taken away: make durable what can be, before another member reads them. */
    void revoking(Collection<TopicPartition> partitions);

    /**
     * Brings every partition to a point where its committed offset is its position, so an admin
     * change can be recorded at that offset.
     *
     * @return false if that is not possible now (outputs still unacknowledged, Kafka unreachable)
     */
    boolean settle();

    /** Writes catalogs now and waits until they are durable; false if they could not be written. */
    boolean writeNow(Collection<SnapshotScheduler.CatalogWrite> writes);

    /** Last commit on a clean stop. */
    void finish();
}
