package io.livedecode.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicSpecTest {

    @Test
    void compactedTopicCarriesItsPolicyAndExtraConfigs() {
        TopicSpec spec = TopicSpec.compacted("livedecode.snapshots", 6)
                .withConfig("min.cleanable.dirty.ratio", "0.1")
                .withReplicationFactor(3);

        assertEquals(Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1"), spec.configs());
        assertEquals(6, spec.partitions());
        assertEquals(Optional.of((short) 3), spec.replicationFactor());
    }

    @Test
    void plainTopicUsesClusterDefaults() {
        TopicSpec spec = TopicSpec.of("frames", 3);

        assertEquals(Optional.empty(), spec.replicationFactor());
        assertEquals(Map.of(), spec.configs());
    }

    @Test
    void illegalNamesAndCountsAreRefusedByName() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> TopicSpec.of("frames/raw", 3));
        assertTrue(name.getMessage().contains("frames/raw"), name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopicSpec.of("..", 3));
        assertThrows(IllegalArgumentException.class, () -> TopicSpec.of("x".repeat(250), 3));

        IllegalArgumentException partitions = assertThrows(IllegalArgumentException.class,
                () -> TopicSpec.of("frames", 0));
        assertTrue(partitions.getMessage().contains("'frames'") && partitions.getMessage().contains("got 0"),
                partitions.getMessage());

        IllegalArgumentException factor = assertThrows(IllegalArgumentException.class,
                () -> TopicSpec.of("frames", 3).withReplicationFactor(0));
        assertTrue(factor.getMessage().contains("got 0"), factor.getMessage());
    }
}
