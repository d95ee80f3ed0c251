package io.livedecode.simulator.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaEndpointTest {

    private static final Map<String, String> ENV = Map.of(KafkaEndpoint.BOOTSTRAP_ENV, "kafka-0:9092,kafka-1:9092");

    @Test
    void flagWinsOverEnvironment() {
        assertEquals(Optional.of("rig-kafka:9093"), KafkaEndpoint.externalBootstrap("rig-kafka:9093", ENV));
    }

    @Test
    void environmentIsUsedWithoutFlag() {
        assertEquals(Optional.of("kafka-0:9092,kafka-1:9092"), KafkaEndpoint.externalBootstrap(null, ENV));
    }

    @Test
    void neitherMeansEmbeddedAndBlankEnvironmentCountsAsUnset() {
        assertEquals(Optional.empty(), KafkaEndpoint.externalBootstrap(null, Map.of()));
        assertEquals(Optional.empty(),
                KafkaEndpoint.externalBootstrap(null, Map.of(KafkaEndpoint.BOOTSTRAP_ENV, "  ")));
    }

    @Test
    void entriesAreTrimmedAndIpv6IsAccepted() {
        assertEquals(Optional.of("a:1,[::1]:9092"), KafkaEndpoint.externalBootstrap(" a:1 , [::1]:9092", Map.of()));
    }

    @Test
    void malformedValuesNameTheSourceAndTheEntry() {
        IllegalArgumentException blankFlag = assertThrows(IllegalArgumentException.class,
                () -> KafkaEndpoint.externalBootstrap(" ", ENV));
        assertTrue(blankFlag.getMessage().contains("--bootstrap-servers"), blankFlag.getMessage());

        IllegalArgumentException noPort = assertThrows(IllegalArgumentException.class,
                () -> KafkaEndpoint.externalBootstrap("kafka-0:9092,kafka-1", Map.of()));
        assertTrue(noPort.getMessage().contains("'kafka-1'"), noPort.getMessage());

        IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class,
                () -> KafkaEndpoint.externalBootstrap(null, Map.of(KafkaEndpoint.BOOTSTRAP_ENV, "kafka:99999")));
        assertTrue(badPort.getMessage().contains(KafkaEndpoint.BOOTSTRAP_ENV)
                && badPort.getMessage().contains("kafka:99999"), badPort.getMessage());

        assertThrows(IllegalArgumentException.class,
                () -> KafkaEndpoint.externalBootstrap("PLAINTEXT://kafka:9092", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> KafkaEndpoint.externalBootstrap("a:1,", Map.of()));
    }

    @Test
    void externalEndpointStartsNoBrokerAndClosesQuietly() {
        try (KafkaEndpoint endpoint = KafkaEndpoint.open(null, ENV)) {
            assertFalse(endpoint.isEmbedded());
            assertEquals(Optional.empty(), endpoint.embeddedBroker());
            assertEquals("kafka-0:9092,kafka-1:9092", endpoint.bootstrapServers());
            assertEquals("external Kafka at kafka-0:9092,kafka-1:9092", endpoint.toString());
        }
    }
}
