package io.livedecode.decoder.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and aborts hanging transactions of this group's own producers on the group's offsets
 * partition. A transaction hangs there when offsets were written in it but its coordinator no longer
 * counts that partition in it (a transaction completed, or a producer epoch moved on, without the
 * partition's marker): no marker will ever end it, and a read_committed {@code committed()} of the
 * group waits for it, so recovery could never finish. Kafka's {@code kafka-transactions.sh
 * find-hanging} finds the same thing; this runs where the loop sees the symptom.
 *
 * <p>A transaction is aborted only when all of this holds, so a live one is not touched:
 * its producer's transactional id is one of this group's ({@code <client.id>-<group.id>-...}); the
 * coordinator lists that producer and describes its transaction as empty or complete, or as a newer
 * epoch, or as ongoing without the offsets partition; the last write is older than the transaction's
 * own timeout (the coordinator would have aborted a live one by then); and the partition still shows
 * the same open transaction when described again. A transaction the coordinator does not list, or
 * cannot describe now, is left alone.
 *
 * <p>Rights (on a secured cluster): READ on topic {@code __consumer_offsets} (describe producers),
 * DESCRIBE on the group's transactional ids, and CLUSTER_ACTION on the cluster for the abort (it
 * writes the marker the coordinator would have written). Without them a hang is logged with the
 * {@code kafka-transactions.sh} command that ends it.
 */
final class HangingTransactions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);
    private static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final String TRANSACTION_STATE_TOPIC = "__transaction_state";

    private final Admin admin;
    private final String groupId;
    private final String transactionalIdPrefix;
    private final Duration timeout;
    private TopicPartition offsetsPartition;

    /**
     * @param transactionalIdPrefix what every transactional id of the group's producers starts with
     * @param timeout how long one search may take in all
     */
    HangingTransactions(Admin admin, String groupId, String transactionalIdPrefix, Duration timeout) {
        this.admin = admin;
        this.groupId = groupId;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.timeout = timeout;
    }

    /** The partition of {@code __consumer_offsets} holding the group's offsets, as the broker places it. */
    TopicPartition offsetsPartition(long deadline) throws Exception {
        if (offsetsPartition == null) {
            int partitions = get(admin.describeTopics(List.of(OFFSETS_TOPIC)).topicNameValues().get(OFFSETS_TOPIC),
                    deadline).partitions().size();
            offsetsPartition = new TopicPartition(OFFSETS_TOPIC, Utils.abs(groupId.hashCode()) % partitions);
        }
        return offsetsPartition;
    }

    /**
     * Aborts the hanging transactions found; returns how many. Never throws: a search that cannot
     * finish (Kafka away, rights missing) is logged and counts none.
     */
    int abortHanging() {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            TopicPartition tp = offsetsPartition(deadline);
            List<ProducerState> open = openTransactions(tp, deadline);
            if (open.isEmpty() || !coordinatorsServing(deadline)) {
                return 0;
            }
            Map<Long, TransactionListing> listed = listed(open, deadline);
            int aborted = 0;
            for (ProducerState p : open) {
                TransactionListing listing = listed.get(p.producerId());
                if (listing == null || !listing.transactionalId().startsWith(transactionalIdPrefix)) {
                    continue;
                }
                Optional<TransactionDescription> d = describe(listing.transactionalId(), deadline);
                if (d.isEmpty() || !hanging(p, d.get(), tp, System.currentTimeMillis())) {
                    continue;
                }
                if (!stillOpen(tp, p, deadline)) {
                    continue;
                }
                get(admin.abortTransaction(new AbortTransactionSpec(tp, p.producerId(), (short) p.producerEpoch(),
                        p.coordinatorEpoch().orElse(0))).all(), deadline);
                LOG.warn("{}: aborted a hanging transaction of '{}' (producer {} epoch {}, open since offset {},"
                                + " its coordinator says {}): it held the group's committed offsets back", tp,
                        listing.transactionalId(), p.producerId(), p.producerEpoch(),
                        p.currentTransactionStartOffset().getAsLong(), d.get().state());
                aborted++;
            }
            return aborted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof AuthorizationException) {
                String partition = offsetsPartition == null ? "<p>" : Integer.toString(offsetsPartition.partition());
                LOG.warn("cannot look for hanging transactions of group '{}' ({}); where one holds its offsets back,"
                        + " find it with kafka-transactions.sh --bootstrap-server <host:port> find-hanging --topic {}"
                        + " --partition {} (it lists only transactions open longer than --max-transaction-timeout,"
                        + " 15 minutes by default) and end it with abort --topic {} --partition {} --start-offset"
                        + " <offset>", groupId, cause.getMessage(), OFFSETS_TOPIC, partition, OFFSETS_TOPIC, partition);
            } else {
                LOG.warn("looking for hanging transactions of group '{}' failed: {}", groupId, cause.toString());
            }
            return 0;
        }
    }

    /**
     * Whether the partition's open transaction of {@code p} can no longer be ended by its coordinator,
     * seen at {@code nowMillis}.
     */
    static boolean hanging(ProducerState p, TransactionDescription d, TopicPartition tp, long nowMillis) {
        if (d.producerId() != p.producerId() || nowMillis - p.lastTimestamp() <= d.transactionTimeoutMs()) {
            return false;
        }
        return switch (d.state()) {
            case EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT -> true;
            case ONGOING -> d.producerEpoch() > p.producerEpoch() || !d.topicPartitions().contains(tp);
            // Markers being written, a fence under way, or a state this client does not know: wait.
            default -> false;
        };
    }

    private List<ProducerState> openTransactions(TopicPartition tp, long deadline) throws Exception {
        List<ProducerState> open = new ArrayList<>();
        for (ProducerState p : get(admin.describeProducers(List.of(tp)).partitionResult(tp), deadline)
                .activeProducers()) {
            if (p.currentTransactionStartOffset().isPresent()) {
                open.add(p);
            }
        }
        return open;
    }

    /** A coordinator moving or away answers for none of its transactions: no verdict then. */
    private boolean coordinatorsServing(long deadline) throws Exception {
        for (TopicPartitionInfo info : get(admin.describeTopics(List.of(TRANSACTION_STATE_TOPIC)).topicNameValues()
                .get(TRANSACTION_STATE_TOPIC), deadline).partitions()) {
            if (info.leader() == null || info.leader().isEmpty()) {
                LOG.info("{}-{} has no leader: hanging transactions are looked for later", TRANSACTION_STATE_TOPIC,
                        info.partition());
                return false;
            }
        }
        return true;
    }

    private Map<Long, TransactionListing> listed(List<ProducerState> open, long deadline) throws Exception {
        Map<Long, TransactionListing> byProducer = new HashMap<>();
        ListTransactionsOptions options = new ListTransactionsOptions()
                .filterProducerIds(open.stream().map(ProducerState::producerId).toList());
        for (TransactionListing l : get(admin.listTransactions(options).all(), deadline)) {
            byProducer.put(l.producerId(), l);
        }
        return byProducer;
    }

    private Optional<TransactionDescription> describe(String transactionalId, long deadline) throws Exception {
        try {
            return Optional.of(get(admin.describeTransactions(Set.of(transactionalId)).description(transactionalId),
                    deadline));
        } catch (ExecutionException e) {
            LOG.info("transaction '{}' not described ({}): left alone", transactionalId, e.getCause().toString());
            return Optional.empty();
        }
    }

    /** The same transaction of {@code p} is still open on the partition: not ended while we looked. */
    private boolean stillOpen(TopicPartition tp, ProducerState p, long deadline) throws Exception {
        for (ProducerState now : openTransactions(tp, deadline)) {
            if (now.producerId() == p.producerId() && now.producerEpoch() == p.producerEpoch()
                    && now.currentTransactionStartOffset().equals(p.currentTransactionStartOffset())
                    && now.lastSequence() == p.lastSequence() && now.lastTimestamp() == p.lastTimestamp()) {
                return true;
            }
        }
        return false;
    }

    private static <T> T get(KafkaFuture<T> future, long deadline) throws Exception {
        long left = deadline - System.nanoTime();
        try {
            return future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            throw e;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
