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

    /** Producer 7 at epoch 3, open on the partition since offset 40. */
    private static final ProducerState OPEN = new ProducerState(7, 3, 12, 1_000, OptionalInt.of(0),
            OptionalLong.of(40));

    private static TransactionDescription coordinator(TransactionState state, int epoch, Set<TopicPartition> in) {
        return new TransactionDescription(1, state, 7, epoch, 10_000, OptionalLong.of(500), in);
    }

    @Test
    void anOwnTransactionItsCoordinatorHasEndedOrForgottenHangs() {
        for (TransactionState ended : new TransactionState[] {TransactionState.EMPTY, TransactionState.COMPLETE_COMMIT,
                TransactionState.COMPLETE_ABORT}) {
            assertTrue(HangingTransactions.hanging(OPEN, coordinator(ended, 3, Set.of()), OFFSETS, true),
                    ended.toString());
        }
        assertTrue(HangingTransactions.hanging(OPEN, coordinator(TransactionState.ONGOING, 3,
                Set.of(new TopicPartition("frames", 0))), OFFSETS, true), "ongoing without the offsets partition");
    }

    @Test
    void anotherInstancesHangsOnlyOnceItsEpochMovedOn() {
        assertFalse(HangingTransactions.hanging(OPEN, coordinator(TransactionState.EMPTY, 3, Set.of()), OFFSETS, false),
                "same epoch: its next offsets would join the open transaction");
        assertFalse(HangingTransactions.hanging(OPEN, coordinator(TransactionState.ONGOING, 3,
                Set.of(new TopicPartition("frames", 0))), OFFSETS, false));
        assertTrue(HangingTransactions.hanging(OPEN, coordinator(TransactionState.COMPLETE_COMMIT, 4, Set.of()), OFFSETS,
                false), "a later epoch ended its transaction: the open one's producer is gone");
        assertTrue(HangingTransactions.hanging(OPEN, coordinator(TransactionState.ONGOING, 4, Set.of(OFFSETS)), OFFSETS,
                false), "a later epoch's transaction");
    }

    @Test
    void aTransactionItsCoordinatorCanStillEndIsLeftAlone() {
        assertFalse(HangingTransactions.hanging(OPEN, coordinator(TransactionState.ONGOING, 3, Set.of(OFFSETS)), OFFSETS,
                true), "ongoing with the partition: live");
        for (TransactionState moving : new TransactionState[] {TransactionState.PREPARE_COMMIT,
                TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE, TransactionState.UNKNOWN}) {
            assertFalse(HangingTransactions.hanging(OPEN, coordinator(moving, 4, Set.of()), OFFSETS, true),
                    moving + ": markers under way");
        }
        TransactionDescription otherProducer = new TransactionDescription(1, TransactionState.EMPTY, 8, 0, 10_000,
                OptionalLong.empty(), Set.of());
        assertFalse(HangingTransactions.hanging(OPEN, otherProducer, OFFSETS, true),
                "the transactional id now belongs to another producer id");
    }
}
