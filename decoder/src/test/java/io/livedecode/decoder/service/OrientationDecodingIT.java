package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.StepResult;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.simulator.replay.ReplayOptions;
import io.livedecode.simulator.replay.ReplayProgress;
import io.livedecode.simulator.replay.Replayer;
import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationSuite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orientation end to end: an orientation-tuned population (period 180) is replayed through a real
 * broker into the decoder service configured with {@code decoder.period-degrees=180}; its decoded
 * records are read back from the decoded topic.
 */
class OrientationDecodingIT {

    private static final int FRAMES = 1_500;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void anglesComeBackModulo180AndTheDefaultsLearnOrientation() throws Exception {
        Map<String, String> flags = new HashMap<>(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "topics.prefix", "orientation.", "topics.partitions", "1", "http.port", "0",
                "kafka.group.id", "orientation-group", "decoder.period-degrees", "180"));
        ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), flags));
        PopulationSuite.Member member = PopulationSuite.member("poisson-orientation");
        assertEquals(180, member.periodDegrees());
        TrialSource source = member.open();
        List<ConsumerRecord<String, byte[]>> records;
        try (DecoderService service = DecoderService.start(config);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     kafka.bootstrapServers(), "linger.ms", 0), new StringSerializer(), new ByteArraySerializer())) {
            Replayer replayer = new Replayer(source,
                    new ReplayOptions("v1-orientation", Double.POSITIVE_INFINITY, 1.0, 0, FRAMES, false, 1));
            replayer.run(producer, config.topics().frames(), ReplayProgress.NONE);
            records = TopicReader.read(kafka.bootstrapServers(), config.topics().decoded(),
                    config.variants().size() * FRAMES, Duration.ofMinutes(4));
        }
        Map<String, List<DecodedRecord>> byVariant = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            DecodedRecord d = DecodedRecord.fromJson(r.value());
            byVariant.computeIfAbsent(d.variant(), v -> new ArrayList<>()).add(d);
        }
        assertEquals(VariantCatalog.DEFAULT_VARIANTS, List.copyOf(byVariant.keySet()));

        Map<String, DecoderConfig> variants = VariantCatalog.resolve(config.variants(), 180, config.seed(),
                config.errorWindow());
        for (Map.Entry<String, DecoderConfig> e : variants.entrySet()) {
            List<DecodedRecord> decoded = byVariant.get(e.getKey());
            assertEquals(FRAMES, decoded.size(), e.getKey());
            OnlineDecoder reference = new OnlineDecoder(e.getValue(), source.neurons());
            StepResult step = new StepResult();
            double[] tail = new double[500];
            for (int k = 0; k < FRAMES; k++) {
                DecodedRecord d = decoded.get(k);
                Trial t = source.trial(k);
                assertEquals(k, d.frameIndex());
                assertTrue(d.trueDegrees() >= 0 && d.trueDegrees() < 180, "true angle " + d.trueDegrees());
                assertTrue(d.decodedDegrees() >= 0 && d.decodedDegrees() < 180, e.getKey() + " decoded " + d.decodedDegrees());
                double diff = Math.abs(d.decodedDegrees() - d.trueDegrees());
                assertEquals(Math.min(diff, 180 - diff), d.errorDegrees(), 1e-9, "error modulo 180 at frame " + k);
                assertTrue(d.errorDegrees() <= 90);
                // The service's answer is exactly what the model gives in-process on the same frames.
                reference.step(t.responses(), t.stimulusDegrees(), step);
                assertEquals(step.decodedDegrees(), d.decodedDegrees(), e.getKey() + " frame " + k);
                if (k >= FRAMES - tail.length) {
                    tail[k - (FRAMES - tail.length)] = d.errorDegrees();
                }
            }
            Arrays.sort(tail);
            double median = (tail[249] + tail[250]) / 2;
            System.out.printf("%s: median error over frames %d-%d = %.2f deg (chance 45)%n", e.getKey(),
                    FRAMES - tail.length, FRAMES - 1, median);
            assertTrue(median < 2.0, e.getKey() + " median error " + median);
        }
    }
}
