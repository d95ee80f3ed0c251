package io.livedecode.simulator.kafka;

import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts an embedded broker through {@link KafkaEndpoint}, uses it, and checks that close leaves nothing behind. */
class EmbeddedKafkaLifecycleIT {

    /** Names of the threads a broker and its clients run, as Kafka 4.4 names them. */
    private static final Pattern KAFKA_THREAD = Pattern.compile(
            "(?i).*(kafka|raft|broker-|controller|coordinator|ExpirationReaper|Txn|transaction|LogDir|Persister"
                    + "|SensorExpiry|client-metrics|share-group|ShareGroup|ThrottledChannel|cleaner).*");

    /**
     * Yammer's metrics registry is one per JVM and keeps its tick threads (daemons) for later
     * brokers; Kafka offers no way to stop them without breaking the next broker in this JVM.
     */
    private static final Pattern JVM_WIDE_METRICS_THREAD = Pattern.compile("metrics-meter-tick-thread-\\d+");

    private static final Duration GRACE = Duration.ofSeconds(5);

    @Test
    void closeStopsThreadsFreesPortsAndDeletesTheDirectory() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());

        KafkaEndpoint endpoint = KafkaEndpoint.open(null, Map.of());
        EmbeddedKafka kafka = endpoint.embeddedBroker().orElseThrow();
        System.out.printf("embedded Kafka started in %d ms (%s)%n", kafka.startupTime().toMillis(), endpoint);
        assertTrue(endpoint.isEmbedded());
        assertEquals(kafka.bootstrapServers(), endpoint.bootstrapServers());
        Path directory = kafka.dataDirectory();
        assertTrue(Files.isDirectory(directory));
        assertFalse(LoopbackPorts.isFree(kafka.brokerPort()));
        assertFalse(LoopbackPorts.isFree(kafka.controllerPort()));

        exerciseCoordinators(endpoint.bootstrapServers());
        Set<Thread> running = newThreads(before);
        long kafkaThreadsRunning = running.stream().filter(t -> KAFKA_THREAD.matcher(t.getName()).matches()).count();
        // The check below is only worth something if the pattern recognises a live broker's threads.
        assertTrue(kafkaThreadsRunning >= 30, "only " + kafkaThreadsRunning + " Kafka threads recognised: " + names(running));

        long stopStarted = System.nanoTime();
        endpoint.close();
        long stopMillis = (System.nanoTime() - stopStarted) / 1_000_000;
        Set<Thread> leftover = awaitLeftoverThreads(before);
        System.out.printf("embedded Kafka stopped in %d ms; %d threads while running, left: %s%n",
                stopMillis, running.size(), names(leftover));

        assertEquals(Set.of(), leftover.stream().filter(t -> !t.isDaemon()).collect(Collectors.toSet()),
                "non-daemon threads left after close");
        assertEquals(Set.of(), leftover.stream().filter(t -> KAFKA_THREAD.matcher(t.getName()).matches())
                .map(Thread::getName).collect(Collectors.toSet()), "Kafka threads left after close");
        assertTrue(LoopbackPorts.isFree(kafka.brokerPort()), "broker port " + kafka.brokerPort() + " still bound");
        assertTrue(LoopbackPorts.isFree(kafka.controllerPort()), "controller port " + kafka.controllerPort() + " still bound");
        assertFalse(Files.exists(directory), directory + " still exists");

        endpoint.close();
    }

    @Test
    void aStartThatCannotBindCleansUpAfterItself() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Set<Path> directoriesBefore = kafkaDirectories();
        int[] ports = LoopbackPorts.free(1);
        int controllerPort = LoopbackPorts.free(1)[0];

        // The broker listener starts after the controller, so this fails half-way through start-up.
        try (ServerSocket taken = new ServerSocket(ports[0], 1, InetAddress.getLoopbackAddress())) {
            RuntimeException failure = assertThrows(RuntimeException.class,
                    () -> EmbeddedKafka.startOn(BrokerSettings.defaults(), taken.getLocalPort(), controllerPort));
            assertTrue(hasCause(failure, BindException.class), "not a bind failure: " + failure);
        }
        Set<Thread> leftover = awaitLeftoverThreads(before);

        assertEquals(Set.of(), leftover.stream().filter(t -> KAFKA_THREAD.matcher(t.getName()).matches())
                .map(Thread::getName).collect(Collectors.toSet()), "Kafka threads left after a failed start");
        assertTrue(LoopbackPorts.isFree(controllerPort), "controller port " + controllerPort + " still bound");
        assertEquals(directoriesBefore, kafkaDirectories());
    }

    private static Set<Path> kafkaDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("livedecode-kafka-"))
                    .collect(Collectors.toSet());
        }
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Runs a transaction and a consumer group, so the transaction and group coordinators load. */
    private static void exerciseCoordinators(String bootstrap) {
        try (TopicAdmin admin = TopicAdmin.connect(bootstrap)) {
            admin.ensureTopic(TopicSpec.of("lifecycle", 3));
        }
        try (KafkaProducer<String, byte[]> producer = TestClients.transactionalProducer(bootstrap, "lifecycle")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("lifecycle", "session", new byte[64]));
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "lifecycle",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("lifecycle"));
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen == 0 && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                seen += records.count();
            }
            assertEquals(1, seen);
            consumer.commitSync();
        }
    }

    /** Threads started since {@code before} that are still alive once the grace period allows them to end. */
    private static Set<Thread> awaitLeftoverThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + GRACE.toNanos();
        Set<Thread> leftover = newThreads(before);
        while (!leftover.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            leftover = newThreads(before);
        }
        return leftover;
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeAll(before);
        threads.removeIf(t -> !t.isAlive() || JVM_WIDE_METRICS_THREAD.matcher(t.getName()).matches());
        return threads;
    }

    private static String names(Set<Thread> threads) {
        return threads.stream().map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
                .sorted().collect(Collectors.joining(", ", "[", "]"));
    }
}
