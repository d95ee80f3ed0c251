package io.livedecode.decoder.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and aborts hanging transactions of this group's producers on the group's offsets partition.
 * A transaction hangs there when offsets were written in it but its coordinator no longer counts
 * that partition in it (a transaction ended, or a producer epoch moved on, without the partition's
 * marker): no marker will ever end it, and a read_committed {@code committed()} of the group waits
 * for it, so recovery could never finish. Kafka's {@code kafka-transactions.sh find-hanging} finds
 * the same thing; this runs where the loop sees the symptom.
 *
 * <p>A transaction is aborted only when all of this holds, so a live one is not touched:
 * <ul>
 * <li>its producer's transactional id starts with the group's prefix ({@code <client.id>-<group.id>-});</li>
 * <li>the coordinator lists that producer and describes its transaction as empty or complete, or as
 *     ongoing without the offsets partition or at a newer epoch;</li>
 * <li>the coordinator's epoch is newer than the open transaction's, or the transactional id is this
 *     instance's own (whose producer is idle while the loop recovers): at the same epoch another
 *     instance's next offsets would join the open transaction and be aborted with it;</li>
 * <li>an earlier search saw the same open transaction (epoch, start offset, last sequence, last
 *     write) at least the transaction timeout the coordinator now holds for that id earlier, by this
 *     process's clock, and it is still open just before the abort.</li>
 * </ul>
 * A transaction the coordinator does not list or cannot describe now is left alone. One that hangs
 * at its coordinator's epoch under another instance's id is named in the log once, with the
 * command that ends it: it also ends with that instance's next offset commit or its restart.
 *
 * <p>An abort drops the transaction's offsets. Where its coordinator had committed its outputs
 * (it describes it as complete), the partition is then decoded again from the offset committed
 * before it and those outputs are published a second time; without the abort it would never be
 * decoded again. The log says which.
 *
 * <p>Rights (on a secured cluster): READ on topic {@code __consumer_offsets} (describe producers),
 * DESCRIBE on the group's transactional ids, and CLUSTER_ACTION (or ALTER) on the cluster for the
 * abort, which writes the marker the coordinator would have written; that right lets a client
 * write markers on any partition. Without them a hang is logged with the {@code kafka-transactions.sh}
 * commands that end it.
 */
final class HangingTransactions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);
    private static final String OFFSETS_TOPIC = "__consumer_offsets";

    /** One open transaction as a partition describes it; any change means it moved on. */
    private record Seen(long producerId, int epoch, long startOffset, int lastSequence, long lastTimestamp) {
        static Seen of(ProducerState p) {
            return new Seen(p.producerId(), p.producerEpoch(), p.currentTransactionStartOffset().getAsLong(),
                    p.lastSequence(), p.lastTimestamp());
        }
    }

    private final Admin admin;
    private final String groupId;
    private final String transactionalIdPrefix;
    private final String ownTransactionalId;
    private final Duration timeout;
    /** Open transactions seen by earlier searches, with when ({@link System#nanoTime}) they were first seen. */
    private final Map<Seen, Long> firstSeen = new HashMap<>();
    /** Hanging transactions left to their own instance that the log has named. */
    private final Set<Seen> told = new HashSet<>();
    private TopicPartition offsetsPartition;

    /**
     * @param transactionalIdPrefix what every transactional id of the group's producers starts with
     * @param ownTransactionalId    this instance's transactional id
     * @param timeout               how long one search may take in all
     */
    HangingTransactions(Admin admin, String groupId, String transactionalIdPrefix, String ownTransactionalId,
                        Duration timeout) {
        this.admin = admin;
        this.groupId = groupId;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.ownTransactionalId = ownTransactionalId;
        this.timeout = timeout;
    }

    /** The partition of {@code __consumer_offsets} holding the group's offsets, as the broker places it. */
    private TopicPartition offsetsPartition(long deadline) throws Exception {
        if (offsetsPartition == null) {
            int partitions = get(admin.describeTopics(List.of(OFFSETS_TOPIC)).topicNameValues().get(OFFSETS_TOPIC),
                    deadline).partitions().size();
            offsetsPartition = new TopicPartition(OFFSETS_TOPIC, Utils.abs(groupId.hashCode()) % partitions);
        }
        return offsetsPartition;
    }

    /**
     * Aborts the hanging transactions found; returns how many. A transaction is first remembered and
     * aborted by a later search, once it has been seen unchanged for its own timeout. Never throws: a
     * search that cannot finish (Kafka away, rights missing) is logged.
     */
    int abortHanging() {
        long deadline = System.nanoTime() + timeout.toNanos();
        int aborted = 0;
        try {
            TopicPartition tp = offsetsPartition(deadline);
            List<ProducerState> open = openTransactions(tp, deadline);
            long now = System.nanoTime();
            Set<Seen> current = open.stream().map(Seen::of).collect(Collectors.toSet());
            firstSeen.keySet().retainAll(current);
            told.retainAll(current);
            current.forEach(seen -> firstSeen.putIfAbsent(seen, now));
            if (open.isEmpty()) {
                return 0;
            }
            Map<Long, TransactionListing> listed = listed(open, deadline);
            for (ProducerState p : open) {
                TransactionListing listing = listed.get(p.producerId());
                if (listing == null || !listing.transactionalId().startsWith(transactionalIdPrefix)) {
                    continue;
                }
                Optional<TransactionDescription> d = describe(listing.transactionalId(), deadline);
                Seen seen = Seen.of(p);
                if (d.isEmpty() || now - firstSeen.get(seen)
                        < TimeUnit.MILLISECONDS.toNanos(d.get().transactionTimeoutMs())) {
                    continue;
                }
                boolean own = listing.transactionalId().equals(ownTransactionalId);
                if (!hanging(p, d.get(), tp, own)) {
                    if (!own && hanging(p, d.get(), tp, true) && told.add(seen)) {
                        LOG.warn("{}: a transaction of '{}' hangs at its coordinator's epoch {} (open since offset {},"
                                        + " its coordinator says {}); it ends with that instance's next offset commit or"
                                        + " restart, or with kafka-transactions.sh --bootstrap-server <host:port> abort"
                                        + " --topic {} --partition {} --start-offset {}", tp, listing.transactionalId(),
                                p.producerEpoch(), seen.startOffset(), d.get().state(), tp.topic(), tp.partition(),
                                seen.startOffset());
                    }
                    continue;
                }
                // Not ended or moved on while we looked.
                if (openTransactions(tp, deadline).stream().map(Seen::of).noneMatch(seen::equals)) {
                    continue;
                }
                get(admin.abortTransaction(new AbortTransactionSpec(tp, p.producerId(), (short) p.producerEpoch(),
                        p.coordinatorEpoch().orElse(0))).all(), deadline);
                aborted++;
                firstSeen.remove(seen);
                LOG.warn("{}: aborted a hanging transaction of '{}' (producer {} epoch {}, open since offset {},"
                                + " its coordinator says {} at epoch {}): it held the group's committed offsets back{}",
                        tp, listing.transactionalId(), p.producerId(), p.producerEpoch(), seen.startOffset(),
                        d.get().state(), d.get().producerEpoch(),
                        d.get().state() == TransactionState.COMPLETE_COMMIT ? "; its outputs were committed, so the"
                                + " frames after the group's previous commit are decoded and published again" : "");
            }
            return aborted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return aborted;
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
            return aborted;
        }
    }

    /**
     * Whether the partition's open transaction of {@code p} can no longer be ended by its coordinator
     * and may be aborted without touching a live one; {@code own}: the transactional id is this
     * instance's. Age is checked by the caller.
     */
    static boolean hanging(ProducerState p, TransactionDescription d, TopicPartition tp, boolean own) {
        if (d.producerId() != p.producerId()) {
            return false;
        }
        boolean newerEpoch = d.producerEpoch() > p.producerEpoch();
        boolean forgotten = switch (d.state()) {
            case EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT -> true;
            case ONGOING -> newerEpoch || !d.topicPartitions().contains(tp);
            // Markers being written, a fence under way, or a state this client does not know: wait.
            default -> false;
        };
        return forgotten && (newerEpoch || own);
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
