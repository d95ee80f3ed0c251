package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.protocol.Topics;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Garbage on the snapshots topic: random records, a truncated catalog, a catalog of an unknown
 * format version, and a newer catalog whose snapshots are of an unknown payload version or fail
 * their checksum. The restarted service stays up, logs and counts what it set aside, falls back to
 * older snapshots or to the frames, and decodes on with exactly the outputs of an uninterrupted run.
 */
class SnapshotGarbageIT {

    private static final int FRAMES = 160;
    private static EmbeddedKafka kafka;
    private static TrialSource source;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        source = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(800).withTrials(FRAMES));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static ServiceConfig config(String prefix) {
        return ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), new HashMap<>(Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "http.port", "0", "topics.prefix", prefix,
                "topics.partitions", "1", "kafka.group.id", prefix + "group", "decoder.variants", "linear,relu20",
                "snapshot.interval-frames", "30", "delivery.commit-interval-ms", "50"))));
    }

    @Test
    void damagedSnapshotsAreSetAsideAndDecodingGoesOn() throws Exception {
        ServiceConfig ref = config("garbage_ref.");
        DecodedOutputs reference;
        try (DecoderService service = DecoderService.start(ref)) {
            send(ref.topics(), 0, FRAMES);
            reference = DecodedOutputs.read(kafka.bootstrapServers(), ref.topics().decoded(), 2 * 2 * FRAMES, false,
                    Duration.ofMinutes(2));
        }

        ServiceConfig config = config("garbage.");
        try (DecoderService first = DecoderService.start(config)) {
            // Paced, so one round's snapshots are durable before the next round starts.
            send(config.topics(), 0, FRAMES / 4);
            DecodedOutputs.read(kafka.bootstrapServers(), config.topics().decoded(), FRAMES, false,
                    Duration.ofMinutes(2));
            Thread.sleep(1_000);
            send(config.topics(), FRAMES / 4, FRAMES / 2);
            DecodedOutputs.read(kafka.bootstrapServers(), config.topics().decoded(), 2 * FRAMES, false,
                    Duration.ofMinutes(2));
            Thread.sleep(2_000);  // the last round's catalog is written once its offsets are committed
        }
        PartitionCatalog newest = Catalogs.newest(kafka.bootstrapServers(), config.topics().snapshots(), 0);
        assertNotNull(newest, "the first run wrote a catalog");
        for (CatalogEntry e : newest.sessions().values()) {
            // So that setting the newest aside falls back on the older slot, not only on the frames.
            assertEquals(2, e.snapshots().size(), "snapshots of " + e.session() + " in both slots");
        }
        injectGarbage(config.topics(), newest);

        try (DecoderService second = DecoderService.start(config)) {
            send(config.topics(), FRAMES / 2, FRAMES);
            DecodedOutputs after = DecodedOutputs.read(kafka.bootstrapServers(), config.topics().decoded(),
                    2 * 2 * FRAMES, false, Duration.ofMinutes(2));
            after.assertEqualTo(reference, "after garbage on the snapshots topic");
            assertTrue(second.healthy());
            String metrics = second.registry().scrape();
            for (String reason : List.of("malformed", "unsupported_version", "checksum")) {
                double count = counter(metrics, "livedecode_snapshots_set_aside_total{reason=\"" + reason + "\"}");
                assertTrue(count >= 1, reason + " set aside " + count + " times\n" + metrics);
            }
            System.out.printf("garbage: %d outputs equal after set-aside: %s%n", after.values.size(),
                    metrics.lines().filter(l -> l.startsWith("livedecode_snapshots_set_aside_total")).toList());
        }
    }

    private static void injectGarbage(Topics topics, PartitionCatalog newest) {
        Random random = new Random(3);
        byte[] junk = new byte[300];
        random.nextBytes(junk);
        byte[] valid = CatalogCodec.encode(newest);
        // A newer catalog naming snapshots that cannot be used: one of a payload version from the
        // future, one whose checksum does not match.
        PartitionCatalog poisoned = newest.copy();
        List<CatalogEntry> entries = List.copyOf(poisoned.sessions().values());
        assertEquals(2, entries.size());
        poisoned.put(poison(entries.get(0), m -> new SnapshotManifest(m.slot(), m.id(), m.sourceOffset(), m.chunks(),
                m.bytes(), m.crc32c(), m.firstChunkOffset(), m.lastChunkOffset(), 99)));
        poisoned.put(poison(entries.get(1), m -> new SnapshotManifest(m.slot(), m.id(), m.sourceOffset(), m.chunks(),
                m.bytes(), m.crc32c() ^ 1, m.firstChunkOffset(), m.lastChunkOffset(), m.payloadFormat())));
        poisoned.advance(poisoned.position());
        String snapshots = topics.snapshots();
        // (A record without a key cannot reach the decoder: a compacted topic refuses it.)
        List<ProducerRecord<String, byte[]>> garbage = List.of(
                new ProducerRecord<>(snapshots, 0, "junk", junk),
                new ProducerRecord<>(snapshots, 0, "", junk),
                new ProducerRecord<>(snapshots, 0, CatalogCodec.KEY_PREFIX + "0/A", junk),
                new ProducerRecord<>(snapshots, 0, CatalogCodec.KEY_PREFIX + "0/A", Arrays.copyOf(valid, valid.length / 2)),
                new ProducerRecord<>(snapshots, 0, CatalogCodec.KEY_PREFIX + "0/B", new String(valid,
                        StandardCharsets.UTF_8).replace("\"version\":1", "\"version\":99").getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(snapshots, 0, SnapshotChunks.key('A', 0, entries.get(0).session()),
                        Arrays.copyOf(junk, 10)),
                new ProducerRecord<>(snapshots, 0, poisoned.key(), CatalogCodec.encode(poisoned)));
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> r : garbage) {
                // One at a time and acknowledged: every piece of garbage is really on the topic.
                p.send(r).get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("garbage not written: " + e, e);
        }
    }

    private static CatalogEntry poison(CatalogEntry e, java.util.function.UnaryOperator<SnapshotManifest> change) {
        List<SnapshotManifest> list = new java.util.ArrayList<>(e.snapshots());
        assertTrue(!list.isEmpty(), "session " + e.session() + " has a snapshot");
        list.set(0, change.apply(list.getFirst()));
        return new CatalogEntry(e.session(), e.freshFrom(), e.validThrough(), e.resident(), list);
    }

    private static double counter(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void send(Topics topics, int from, int to) {
        try (KafkaProducer<String, byte[]> producer = RigProducer.connect(kafka.bootstrapServers())) {
            for (int k = from; k < to; k++) {
                var t = source.trial(k);
                for (String session : List.of("g-1", "g-2")) {
                    Frame frame = new Frame(k, 1_000_000L * k, session.equals("g-2") && k % 3 == 0 ? Double.NaN
                            : t.stimulusDegrees(), t.responses());
                    producer.send(new ProducerRecord<>(topics.frames(), 0, session, FrameCodec.encode(frame)));
                }
            }
        }
    }
}
