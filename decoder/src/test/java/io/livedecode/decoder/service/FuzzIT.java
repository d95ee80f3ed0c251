package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.protocol.DeadLetterHeaders;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.protocol.FrameFormatException;
import io.livedecode.protocol.RejectReason;
import io.livedecode.protocol.Topics;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * 100,000 malformed frames among 4,000 good ones: every rejection class, random header damage,
 * truncation, trailing bytes, missing and blank keys, neuron counts beyond the limit. None
 * crashes the service, every one lands in the dead-letter topic with the reason the validator
 * gives it, and the good frames' outputs are bit-identical to a clean run. Prints peak RSS.
 */
class FuzzIT {

    private static final int GOOD_PER_SESSION = 2000;
    private static final int BAD = 100_000;
    private static final int NEURONS = 100;

    @Test
    void malformedFramesAreDeadLetteredAndChangeNothing() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TrialSource source = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(NEURONS)
                    .withTrials(GOOD_PER_SESSION));
            List<byte[]> good = new ArrayList<>();
            for (int k = 0; k < GOOD_PER_SESSION; k++) {
                var t = source.trial(k);
                good.add(FrameCodec.encode(new Frame(k, 1_000_000L * k + 1, t.stimulusDegrees(), t.responses())));
            }
            ServiceConfig clean = config(kafka, "fuzz_clean.");
            DecodedOutputs reference;
            try (DecoderService service = DecoderService.start(clean)) {
                send(kafka, clean.topics(), good, List.of());
                reference = DecodedOutputs.read(kafka.bootstrapServers(), clean.topics().decoded(),
                        2 * 2 * GOOD_PER_SESSION, false, Duration.ofMinutes(3));
            }
            List<Bad> bad = badFrames(good, new Random(11));
            Map<RejectReason, Integer> byReason = new EnumMap<>(RejectReason.class);
            bad.forEach(b -> byReason.merge(b.reason, 1, Integer::sum));
            ServiceConfig config = config(kafka, "fuzz.");
            long started = System.nanoTime();
            try (DecoderService service = DecoderService.start(config)) {
                send(kafka, config.topics(), good, bad);
                DecodedOutputs decoded = DecodedOutputs.read(kafka.bootstrapServers(), config.topics().decoded(),
                        2 * 2 * GOOD_PER_SESSION, false, Duration.ofMinutes(5));
                List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(kafka.bootstrapServers(),
                        config.topics().deadLetter(), bad.size(), Duration.ofMinutes(5));
                decoded.assertEqualTo(reference, "good outputs among malformed frames");
                assertEquals(bad.size(), dead.size(), "every bad frame dead-lettered once");
                Map<RejectReason, Integer> dlq = new EnumMap<>(RejectReason.class);
                for (int i = 0; i < dead.size(); i++) {
                    ConsumerRecord<String, byte[]> r = dead.get(i);
                    String reason = new String(r.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                            StandardCharsets.UTF_8);
                    dlq.merge(RejectReason.fromCode(reason), 1, Integer::sum);
                    assertTrue(Arrays.equals(bad.get(i).value, r.value()), "original bytes of bad frame " + i);
                    assertEquals(bad.get(i).reason.code(), reason, "reason of bad frame " + i);
                }
                assertEquals(byReason, dlq);
                assertTrue(service.healthy());
                assertEquals(RejectReason.values().length, dlq.size(), "every rejection class seen: " + dlq);
            }
            System.out.printf("fuzz: %d malformed frames among %d good, 0 crashes, all dead-lettered by reason %s;"
                    + " good outputs identical; %.1f s; peak RSS of the test JVM (broker and service) %s%n",
                    bad.size(), 2 * GOOD_PER_SESSION, byReason, (System.nanoTime() - started) / 1e9, peakRss());
        }
    }

    private record Bad(String key, byte[] value, RejectReason reason) {
    }

    private static List<Bad> badFrames(List<byte[]> good, Random random) {
        FrameValidator validator = new FrameValidator(1e6, 3600, 100_000);
        List<Bad> out = new ArrayList<>();
        // A handful of frames beyond the neuron limit (each is 400 KB).
        for (int i = 0; i < 10; i++) {
            out.add(new Bad("good-0", FrameCodec.encode(new Frame(1, 1, 10, new float[100_001])),
                    RejectReason.TOO_MANY_NEURONS));
        }
        while (out.size() < BAD) {
            byte[] base = good.get(random.nextInt(good.size()));
            String key = "good-" + random.nextInt(2);
            byte[] v = base.clone();
            ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
            RejectReason expected = null;
            switch (random.nextInt(10)) {
                case 0 -> { v = new byte[random.nextInt(200)]; random.nextBytes(v); }
                case 1 -> v = Arrays.copyOf(base, random.nextInt(base.length));
                case 2 -> v = Arrays.copyOf(base, base.length + 1 + random.nextInt(8));
                case 3 -> { for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    v[random.nextInt(40)] ^= (byte) (1 + random.nextInt(255)); } }
                case 4 -> b.putShort(4, (short) (2 + random.nextInt(100)));
                case 5 -> { key = random.nextBoolean() ? null : " "; expected = RejectReason.MISSING_KEY; }
                case 6 -> { v = FrameCodec.encode(new Frame(1, 1, 10, new float[NEURONS - 1 - random.nextInt(50)]));
                    expected = RejectReason.NEURON_COUNT_MISMATCH; }
                case 7 -> b.putFloat(40 + 4 * random.nextInt(NEURONS), random.nextBoolean() ? Float.NaN
                        : Float.POSITIVE_INFINITY);
                case 8 -> b.putFloat(40 + 4 * random.nextInt(NEURONS), 1e9f);
                default -> b.putDouble(24, random.nextBoolean() ? 1e7 : Double.NEGATIVE_INFINITY);
            }
            if (expected == null) {
                try {
                    validator.validate(v);
                    continue;  // header damage that left a valid frame: not a bad frame
                } catch (FrameFormatException e) {
                    expected = e.reason();
                }
            }
            out.add(new Bad(key, v, expected));
        }
        return out;
    }

    private static ServiceConfig config(EmbeddedKafka kafka, String prefix) {
        return ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), new HashMap<>(Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "http.port", "0", "topics.prefix", prefix,
                "topics.partitions", "1", "kafka.group.id", prefix + "group", "decoder.variants", "linear,relu20",
                "delivery.max-poll-records", "500"))));
    }

    /** Good frames of two sessions, with the bad ones spread evenly among them, all on one partition. */
    private static void send(EmbeddedKafka kafka, Topics topics, List<byte[]> good, List<Bad> bad) {
        try (KafkaProducer<String, byte[]> producer = RigProducer.connect(kafka.bootstrapServers(),
                Map.of("linger.ms", 5, "batch.size", 262_144, "max.request.size", 2_000_000))) {
            int b = 0;
            for (int k = 0; k < good.size(); k++) {
                for (int s = 0; s < 2; s++) {
                    producer.send(new ProducerRecord<>(topics.frames(), 0, "good-" + s, good.get(k)));
                    // Both sessions exist (their neuron count fixed) before the first bad frame.
                    int until = (int) ((long) bad.size() * (2L * k + s) / (2L * good.size() - 1));
                    for (; b < until; b++) {
                        producer.send(new ProducerRecord<>(topics.frames(), 0, bad.get(b).key, bad.get(b).value));
                    }
                }
            }
            producer.flush();
        }
    }

    private static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
