package io.livedecode.simulator.kafka;

import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import io.livedecode.kafka.TopicStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Produces, consumes and commits transactions through one real embedded broker. */
class EmbeddedKafkaIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A frame of 23,589 float32 responses plus a header, the size the decoder sees. */
    private static final int FRAME_BYTES = 23_589 * 4 + 64;

    private static EmbeddedKafka kafka;
    private static TopicAdmin topics;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        System.out.printf("embedded Kafka started in %d ms at %s%n",
                kafka.startupTime().toMillis(), kafka.bootstrapServers());
        topics = TopicAdmin.connect(kafka.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (topics != null) {
            topics.close();
        }
        if (kafka != null) {
            long started = System.nanoTime();
            kafka.close();
            System.out.printf("embedded Kafka stopped in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Test
    void topicsAreCreatedOnceWithTheirPartitionsAndConfigs() throws Exception {
        List<TopicStatus> first = topics.ensureTopics(List.of(
                TopicSpec.of("it.frames", 3), TopicSpec.compacted("it.snapshots", 2)));
        List<TopicStatus> again = topics.ensureTopics(List.of(
                TopicSpec.of("it.frames", 3), TopicSpec.compacted("it.snapshots", 2)));

        assertEquals(List.of(new TopicStatus("it.frames", 3, true), new TopicStatus("it.snapshots", 2, true)), first);
        assertEquals(List.of(new TopicStatus("it.frames", 3, false), new TopicStatus("it.snapshots", 2, false)), again);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ConfigResource snapshots = new ConfigResource(ConfigResource.Type.TOPIC, "it.snapshots");
            Config config = admin.describeConfigs(List.of(snapshots)).all().get().get(snapshots);
            assertEquals("compact", config.get("cleanup.policy").value());
        }
    }

    @Test
    void anExistingTopicIsReportedWithItsRealPartitionCount() {
        topics.ensureTopic(TopicSpec.of("it.resized", 2));

        TopicStatus status = topics.ensureTopic(TopicSpec.of("it.resized", 5));

        assertEquals(new TopicStatus("it.resized", 2, false), status);
    }

    @Test
    void largeAndSmallRecordsRoundTripBitExactly() throws Exception {
        topics.ensureTopic(TopicSpec.of("it.roundtrip", 3));
        Random random = new Random(42);
        Map<String, byte[]> sent = new java.util.LinkedHashMap<>();
        sent.put("session-large", randomBytes(random, FRAME_BYTES));
        for (int i = 0; i < 5; i++) {
            sent.put("session-" + i, randomBytes(random, 16 + i));
        }

        Set<Integer> partitionsUsed = new HashSet<>();
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(kafka.bootstrapServers())) {
            for (Map.Entry<String, byte[]> entry : sent.entrySet()) {
                RecordMetadata metadata = producer.send(
                        new ProducerRecord<>("it.roundtrip", entry.getKey(), entry.getValue())).get();
                partitionsUsed.add(metadata.partition());
            }
        }
        List<ConsumerRecord<String, byte[]>> received;
        try (KafkaConsumer<String, byte[]> consumer =
                     TestClients.consumer(kafka.bootstrapServers(), "read_uncommitted")) {
            received = TestClients.readAll(consumer, "it.roundtrip", 3, TIMEOUT);
        }

        assertEquals(sent.size(), received.size());
        for (ConsumerRecord<String, byte[]> record : received) {
            assertArrayEquals(sent.get(record.key()), record.value(), "value of " + record.key());
        }
        assertEquals(FRAME_BYTES, received.stream()
                .filter(r -> r.key().equals("session-large")).findFirst().orElseThrow().value().length);
        assertTrue(partitionsUsed.stream().allMatch(p -> p >= 0 && p < 3), "partitions " + partitionsUsed);
    }

    @Test
    void readCommittedSeesCommittedTransactionsOnly() {
        topics.ensureTopic(TopicSpec.of("it.transactions", 3));
        List<String> committed = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer =
                     TestClients.transactionalProducer(kafka.bootstrapServers(), "it-transactions")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 6; i++) {
                String key = "committed-" + i;
                producer.send(new ProducerRecord<>("it.transactions", key, new byte[FRAME_BYTES]));
                committed.add(key);
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>("it.transactions", "aborted-" + i, new byte[8]));
            }
            producer.flush();
            producer.abortTransaction();
        }

        List<String> seenCommitted = keys("read_committed");
        List<String> seenUncommitted = keys("read_uncommitted");

        assertEquals(Set.copyOf(committed), Set.copyOf(seenCommitted));
        assertEquals(committed.size(), seenCommitted.size());
        assertFalse(seenCommitted.stream().anyMatch(k -> k.startsWith("aborted")), seenCommitted.toString());
        // The aborted records are in the log; only the isolation level hides them.
        assertEquals(10, seenUncommitted.size(), seenUncommitted.toString());
    }

    private static List<String> keys(String isolation) {
        try (KafkaConsumer<String, byte[]> consumer = TestClients.consumer(kafka.bootstrapServers(), isolation)) {
            return TestClients.readAll(consumer, "it.transactions", 3, TIMEOUT).stream()
                    .map(ConsumerRecord::key)
                    .collect(Collectors.toList());
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
