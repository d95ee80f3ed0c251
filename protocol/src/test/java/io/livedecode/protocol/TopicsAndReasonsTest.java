package io.livedecode.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicsAndReasonsTest {

    @Test
    void prefixAppliesToEveryTopic() {
        Topics topics = new Topics("lab1.");
        assertEquals("lab1.frames", topics.frames());
        assertEquals("lab1.decoded", topics.decoded());
        assertEquals("lab1.frames.dlq", topics.deadLetter());
        assertEquals("lab1.snapshots", topics.snapshots());
        assertEquals("lab1.labels", topics.labels());
        assertEquals("frames", Topics.unprefixed().frames());
    }

    @Test
    void illegalPrefixIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Topics("lab 1/"));
        assertTrue(e.getMessage().contains("'lab 1/'"), e.getMessage());
    }

    @Test
    void reasonCodesRoundTrip() {
        for (RejectReason reason : RejectReason.values()) {
            assertEquals(reason, RejectReason.fromCode(reason.code()));
        }
        assertEquals("neuron_count_mismatch", RejectReason.NEURON_COUNT_MISMATCH.code());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RejectReason.fromCode("x"));
        assertTrue(e.getMessage().startsWith("unknown reject reason 'x'"), e.getMessage());
    }
}
