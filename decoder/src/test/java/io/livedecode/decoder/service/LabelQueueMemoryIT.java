package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.protocol.Label;
import io.livedecode.protocol.LabelCodec;
import io.livedecode.protocol.Topics;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Late labels with more sessions than {@code sessions.max-per-instance}: an evicted session's
 * queue (its frames waiting to be learned, responses included) leaves memory with its snapshot
 * and comes back with it, so the join holds queues only for resident sessions, and the outputs
 * equal those of a decoder that keeps every session in memory. And after a restart, labels are
 * counted from where the last catalog says they were read through.
 */
class LabelQueueMemoryIT {

    private static final int SESSIONS = 10;
    private static final int BURST = 25;
    private static final int ROUNDS = 2;
    private static final int MAX_SESSIONS = 3;
    private static final int LAG = 20;
    private static final int NEURONS = 200;
    private static final long EPOCH_NANOS = 1_764_403_200_000_000_000L;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void broker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void theJoinHoldsQueuesOnlyForResidentSessionsAndEvictionChangesNoOutput() throws Exception {
        Map<String, String> all = run("keepall.", 100, false).outputs();
        Run evicting = run("evicting.", MAX_SESSIONS, true);
        assertEquals((long) SESSIONS * BURST * ROUNDS, all.size(), "one output per frame (one variant)");
        assertEquals(all, evicting.outputs(), "outputs and model versions");
        assertTrue(evicting.evicted() >= SESSIONS, evicting.evicted() + " evictions");
        assertTrue(evicting.queues() <= MAX_SESSIONS, evicting.queues() + " queues in memory, " + MAX_SESSIONS
                + " sessions resident");
        assertTrue(evicting.queuedFrames() <= (long) MAX_SESSIONS * (LAG + 1), evicting.queuedFrames() + " frames held");
        assertEquals(SESSIONS, keepAll.queues(), 0.0, "keeping every session, every queue stays");
        assertEquals(SESSIONS, all.keySet().stream().map(k -> k.split("/")[0]).distinct().count());
        System.out.printf("late-labels memory: %d sessions, %d resident: %.0f queues and %.0f frames held"
                + " (keeping all: %.0f queues, %.0f frames), %.0f evictions%n", SESSIONS, MAX_SESSIONS,
                evicting.queues(), evicting.queuedFrames(), keepAll.queues(), keepAll.queuedFrames(), evicting.evicted());
    }

    /**
     * The labels of a restarted decoder are counted from where the last catalog says they were read
     * through, not by whether frames replay: the labels it reads again are not counted twice, and
     * a bad label first read while frames replay is dead-lettered and counted.
     */
    @Test
    void afterARestartOnlyLabelsNotReadBeforeAreCountedAndABadOneIsDeadLetteredDuringReplay() throws Exception {
        String prefix = "restart.";
        Topics topics = new Topics(prefix);
        Map<String, String> settings = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "http.port", "0",
                "topics.prefix", prefix, "topics.partitions", "1", "kafka.group.id", prefix + "group",
                "decoder.variants", "linear", "labels.enabled", "true", "labels.lag-frames", "5",
                "delivery.commit-interval-ms", "100", "snapshot.interval-frames", "20");
        SyntheticPopulation population = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(NEURONS)
                .withTrials(120));
        double firstMatched;
        try (DecoderService service = DecoderService.start(config(settings));
             KafkaProducer<String, byte[]> producer = RigProducer.connect(kafka.bootstrapServers())) {
            // Five rounds of 20 (each ends in a snapshot), then 7 more: the restart replays those 7.
            for (int k = 0; k < 107; k++) {
                sendLabelled(producer, topics, population, k);
                if (k % 20 == 19) {
                    producer.flush();
                    Thread.sleep(400);
                }
            }
            producer.flush();
            TopicReader.read(kafka.bootstrapServers(), topics.decoded(), 107, Duration.ofMinutes(1));
            Thread.sleep(1500);  // the last catalog is written once the outputs are committed
            firstMatched = service.registry().get("livedecode.labels").tag("outcome", "matched").counter().count();
        }
        try (KafkaProducer<String, byte[]> producer = RigProducer.connect(kafka.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topics.labels(), "m", new byte[] {1, 2, 3}));
            for (int k = 107; k < 117; k++) {
                sendLabelled(producer, topics, population, k);
            }
            producer.flush();
        }
        try (DecoderService service = DecoderService.start(config(settings))) {
            TopicReader.read(kafka.bootstrapServers(), topics.decoded(), got -> got.stream()
                    .map(r -> DecodedRecord.fromJson(r.value()).frameIndex()).distinct().count() >= 117,
                    Duration.ofMinutes(1));
            List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(kafka.bootstrapServers(),
                    topics.deadLetter(), 1, Duration.ofSeconds(30));
            assertEquals(1, dead.size(), "the bad label, dead-lettered once");
            assertEquals(3, dead.getFirst().value().length);
            MeterRegistry registry = service.registry();
            double refused = registry.get("livedecode.labels").tag("outcome", "refused").counter().count();
            double matched = registry.get("livedecode.labels").tag("outcome", "matched").counter().count();
            assertEquals(107, firstMatched, 0.0, "the first decoder matched every label it read");
            assertEquals(1, refused, 0.0);
            // The 10 new labels are counted; of the 107 read again only those after the last catalog are.
            assertTrue(matched >= 10 && matched <= 30, matched + " labels counted after the restart");
            System.out.printf("late-labels restart: %.0f labels matched before, %.0f after (10 new), %.0f refused%n",
                    firstMatched, matched, refused);
        }
    }

    private static ServiceConfig config(Map<String, String> settings) {
        return ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), settings));
    }

    private static void sendLabelled(KafkaProducer<String, byte[]> producer, Topics topics,
                                     SyntheticPopulation population, int k) {
        Trial t = population.trial(k);
        producer.send(new ProducerRecord<>(topics.frames(), "m", FrameCodec.encode(new Frame(k,
                EPOCH_NANOS + k * 1_000_000L, Double.NaN, t.responses(), Frame.LABEL_FOLLOWS))));
        producer.send(new ProducerRecord<>(topics.labels(), "m", LabelCodec.encode(new Label(k, t.stimulusDegrees()))));
    }

    private record Run(Map<String, String> outputs, double queues, double queuedFrames, double evicted) {
    }

    private static Run keepAll;

    private static Run run(String prefix, int maxSessions, boolean evicting) throws Exception {
        Topics topics = new Topics(prefix);
        ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "http.port", "0", "topics.prefix", prefix,
                "topics.partitions", "2", "kafka.group.id", prefix + "group", "decoder.variants", "linear",
                "labels.enabled", "true", "labels.lag-frames", Integer.toString(LAG),
                "delivery.commit-interval-ms", "100", "sessions.max-per-instance", Integer.toString(maxSessions))));
        try (DecoderService service = DecoderService.start(config)) {
            send(topics);
            Map<String, String> outputs = new TreeMap<>();
            for (ConsumerRecord<String, byte[]> r : TopicReader.read(kafka.bootstrapServers(), topics.decoded(),
                    SESSIONS * BURST * ROUNDS, Duration.ofMinutes(2))) {
                DecodedRecord d = DecodedRecord.fromJson(r.value());
                outputs.put(d.session() + "/" + d.frameIndex(),
                        Long.toHexString(Double.doubleToRawLongBits(d.decodedDegrees())) + " v" + d.modelVersion());
            }
            MeterRegistry registry = service.registry();
            // The gauges follow the join once a second; evicted queues leave once their snapshot is durable.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            double queues;
            double frames;
            do {
                Thread.sleep(200);
                queues = registry.get("livedecode.label.queues").gauge().value();
                frames = registry.get("livedecode.label.queued.frames").gauge().value();
            } while ((evicting ? queues > maxSessions : queues < SESSIONS) && System.nanoTime() < deadline);
            double evicted = registry.get("livedecode.sessions.evicted").counter().count();
            Run result = new Run(outputs, queues, frames, evicted);
            if (!evicting) {
                keepAll = result;
            }
            return result;
        }
    }

    /**
     * Each session in turn sends a burst of frames, each frame's label right after it; twice round.
     * A pause between bursts lets an evicted session's snapshot become durable, so that it comes back
     * from the snapshots topic rather than from memory.
     */
    private static void send(Topics topics) throws InterruptedException {
        SyntheticPopulation population = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(NEURONS)
                .withTrials(SESSIONS * BURST * ROUNDS));
        try (KafkaProducer<String, byte[]> producer = RigProducer.connect(kafka.bootstrapServers())) {
            int trial = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (int s = 0; s < SESSIONS; s++) {
                    String session = "mouse-" + s;
                    for (int k = 0; k < BURST; k++) {
                        long index = (long) round * BURST + k;
                        Trial t = population.trial(trial++);
                        producer.send(new ProducerRecord<>(topics.frames(), session, FrameCodec.encode(new Frame(index,
                                EPOCH_NANOS + trial * 1_000_000L, Double.NaN, t.responses(), Frame.LABEL_FOLLOWS))));
                        producer.send(new ProducerRecord<>(topics.labels(), session,
                                LabelCodec.encode(new Label(index, t.stimulusDegrees()))));
                    }
                    producer.flush();
                    Thread.sleep(400);
                }
            }
            producer.flush();
        }
    }
}
