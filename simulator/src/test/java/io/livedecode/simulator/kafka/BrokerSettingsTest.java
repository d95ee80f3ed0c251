package io.livedecode.simulator.kafka;

import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerSettingsTest {

    private static final Path DIR = Path.of("/tmp/livedecode-kafka-test");

    @Test
    void defaultsMakeInternalTopicsWorkOnOneNode() {
        Map<String, String> p = BrokerSettings.defaults().brokerProperties(40001, 40002, DIR);

        assertEquals("1", p.get("offsets.topic.replication.factor"));
        assertEquals("1", p.get("transaction.state.log.replication.factor"));
        assertEquals("1", p.get("transaction.state.log.min.isr"));
        assertEquals("1", p.get("min.insync.replicas"));
        assertEquals("0", p.get("group.initial.rebalance.delay.ms"));
        assertEquals("3", p.get("num.partitions"));
        assertEquals("BROKER://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002", p.get("listeners"));
        assertEquals("1@127.0.0.1:40002", p.get("controller.quorum.voters"));
        assertEquals(DIR.resolve("logs").toString(), p.get("log.dirs"));
        assertEquals(DIR.resolve("metadata").toString(), p.get("metadata.log.dir"));
    }

    @Test
    void kafkaAcceptsTheConfigurationAndItFitsLargeFrames() {
        Map<String, String> p = BrokerSettings.defaults().brokerProperties(40001, 40002, DIR);

        KafkaConfig config = new KafkaConfig(p, false);

        assertEquals(1, config.nodeId());
        assertTrue(config.messageMaxBytes() >= 2 * 1024 * 1024,
                "message.max.bytes is " + config.messageMaxBytes());
        assertEquals(Short.valueOf((short) 1), config.getShort("transaction.state.log.replication.factor"));
    }

    @Test
    void overridesAndPartitionsWinOverDefaults() {
        BrokerSettings settings = BrokerSettings.defaults()
                .withDefaultPartitions(6)
                .withOverride("log.segment.bytes", "1048576");

        Map<String, String> p = settings.brokerProperties(40001, 40002, DIR);

        assertEquals("6", p.get("num.partitions"));
        assertEquals("1048576", p.get("log.segment.bytes"));
    }

    @Test
    void badValuesAreRefusedWithTheNumbers() {
        IllegalArgumentException partitions = assertThrows(IllegalArgumentException.class,
                () -> BrokerSettings.defaults().withDefaultPartitions(0));
        assertTrue(partitions.getMessage().contains("got 0"), partitions.getMessage());

        IllegalArgumentException samePort = assertThrows(IllegalArgumentException.class,
                () -> BrokerSettings.defaults().brokerProperties(40001, 40001, DIR));
        assertTrue(samePort.getMessage().contains("40001"), samePort.getMessage());

        IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class,
                () -> BrokerSettings.defaults().brokerProperties(70000, 40001, DIR));
        assertTrue(badPort.getMessage().contains("70000"), badPort.getMessage());
    }
}
