package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which open transactions on the offsets partition are taken for hanging. */
class HangingTransactionsTest {

    private static final TopicPartition OFFSETS = new TopicPartition("__consumer_offsets", 2);
    private static final long NOW = 1_000_000;
    private static final long TIMEOUT = 10_000;

    /** Producer 7 at epoch 3, open since offset 40, its last write {@code age} ms before {@link #NOW}. */
    private static ProducerState open(long age) {
        return new ProducerState(7, 3, 12, NOW - age, OptionalInt.of(0), OptionalLong.of(40));
    }

    private static TransactionDescription coordinator(TransactionState state, int epoch, Set<TopicPartition> in) {
        return new TransactionDescription(1, state, 7, epoch, TIMEOUT, OptionalLong.of(NOW - 30_000), in);
    }

    @Test
    void aTransactionItsCoordinatorHasEndedOrForgottenHangs() {
        for (TransactionState ended : new TransactionState[] {TransactionState.EMPTY, TransactionState.COMPLETE_COMMIT,
                TransactionState.COMPLETE_ABORT}) {
            assertTrue(HangingTransactions.hanging(open(20_000), coordinator(ended, 3, Set.of()), OFFSETS, NOW),
                    ended.toString());
        }
        assertTrue(HangingTransactions.hanging(open(20_000), coordinator(TransactionState.ONGOING, 3,
                Set.of(new TopicPartition("frames", 0))), OFFSETS, NOW), "ongoing without the offsets partition");
        assertTrue(HangingTransactions.hanging(open(20_000), coordinator(TransactionState.ONGOING, 4, Set.of(OFFSETS)),
                OFFSETS, NOW), "a later epoch's transaction: the open one's producer is gone");
    }

    @Test
    void aTransactionItsCoordinatorCanStillEndIsLeftAlone() {
        assertFalse(HangingTransactions.hanging(open(20_000), coordinator(TransactionState.ONGOING, 3, Set.of(OFFSETS)),
                OFFSETS, NOW), "ongoing with the partition: live");
        for (TransactionState moving : new TransactionState[] {TransactionState.PREPARE_COMMIT,
                TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE, TransactionState.UNKNOWN}) {
            assertFalse(HangingTransactions.hanging(open(20_000), coordinator(moving, 3, Set.of()), OFFSETS, NOW),
                    moving + ": markers under way");
        }
        assertFalse(HangingTransactions.hanging(open(TIMEOUT), coordinator(TransactionState.EMPTY, 3, Set.of()),
                OFFSETS, NOW), "not older than its transaction timeout");
        TransactionDescription otherProducer = new TransactionDescription(1, TransactionState.EMPTY, 8, 0, TIMEOUT,
                OptionalLong.empty(), Set.of());
        assertFalse(HangingTransactions.hanging(open(20_000), otherProducer, OFFSETS, NOW),
                "the transactional id now belongs to another producer id");
    }
}
