package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Two sessions interleaved on one partition: one streams cleanly, the other loses a frame, sends
 * one late and one twice, and has frames from too long ago and from a clock ahead of ours. Each
 * is counted exactly once in {@code /metrics}, only the stale ones are flagged in their records,
 * and the clean session counts nothing. A third session's frames say their label follows on the
 * labels topic while the decoder reads none: decoded, never learned, each counted.
 */
class FrameArrivalIT {

    private static final long STALE_AGE_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long AHEAD_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Set<Long> STALE = Set.of(20L, 21L, 22L);
    private static final Set<Long> AHEAD = Set.of(30L, 31L);
    private static final int FOLLOWING = 7;

    @Test
    void gapsRepeatsReorderingStaleAndFutureFramesAreEachCountedExactly() throws Exception {
        // Session "lossy": 0..9, 12, 11, 13, 13, 14, ... 10 never comes; the stream then runs on past
        // the sequence window so that 10 is final.
        List<Long> lossy = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            lossy.add(i);
        }
        lossy.addAll(List.of(12L, 11L, 13L, 13L));
        long last = 10 + FrameSequence.WINDOW + 5;
        for (long i = 14; i <= last; i++) {
            lossy.add(i);
        }
        SyntheticPopulation population = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(60)
                .withTrials((int) last + 1));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Map<String, String> flags = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "topics.prefix", "arrival.", "topics.partitions", "1", "http.port", "0",
                    "kafka.group.id", "arrival.group", "frames.max-age-ms", "60000", "frames.max-clock-skew-ms", "1000");
            ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), flags));
            try (DecoderService service = DecoderService.start(config);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                         kafka.bootstrapServers(), "linger.ms", 0), new StringSerializer(), new ByteArraySerializer())) {
                for (int k = 0; k < lossy.size(); k++) {
                    long index = lossy.get(k);
                    send(producer, config, "lossy", population, index, acquired(index));
                    // The clean session gets every index once, in order, interleaved on the same partition.
                    if (k <= last) {
                        send(producer, config, "clean", population, k, EpochNanos.now());
                    }
                }
                // A third session says its labels follow on the labels topic, which this decoder does not read.
                for (int k = 0; k < FOLLOWING; k++) {
                    var trial = population.trial(k);
                    producer.send(new ProducerRecord<>(config.topics().frames(), "following", FrameCodec.encode(
                            new Frame(k, EpochNanos.now(), Double.NaN, trial.responses(), Frame.LABEL_FOLLOWS))));
                }
                producer.flush();
                int frames = lossy.size() + (int) last + 1 + FOLLOWING;
                List<ConsumerRecord<String, byte[]>> records = TopicReader.read(kafka.bootstrapServers(),
                        config.topics().decoded(), 2 * frames, Duration.ofMinutes(3));
                assertEquals(2 * frames, records.size(), "every frame decoded by both variants, the odd ones too");

                Set<String> flagged = new TreeSet<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    DecodedRecord d = DecodedRecord.fromJson(r.value());
                    if (d.session().equals("following")) {
                        assertEquals(0, d.modelVersion(), "a frame whose label never comes is not learned");
                    }
                    if (d.stale()) {
                        flagged.add(d.session() + "/" + d.frameIndex() + "/" + d.variant());
                    }
                }
                Set<String> expected = new TreeSet<>();
                for (long i : STALE) {
                    expected.add("lossy/" + i + "/linear");
                    expected.add("lossy/" + i + "/relu200");
                }
                assertEquals(expected, flagged, "exactly the stale frames flagged, in each variant's record");

                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertEquals(1.0, value(metrics, "livedecode_frames_sequence_total{kind=\"missing\"}"), "frame 10");
                assertEquals(1.0, value(metrics, "livedecode_frames_sequence_total{kind=\"reordered\"}"), "frame 11");
                assertEquals(1.0, value(metrics, "livedecode_frames_sequence_total{kind=\"repeated\"}"), "frame 13");
                assertEquals(3.0, value(metrics, "livedecode_frames_clock_total{kind=\"stale\"}"), "frames 20-22");
                assertEquals(2.0, value(metrics, "livedecode_frames_clock_total{kind=\"future\"}"), "frames 30-31");
                assertEquals((double) frames, value(metrics, "livedecode_frames_total{outcome=\"decoded\"}"));
                assertEquals((double) FOLLOWING, value(metrics, "livedecode_labels_ignored_total"),
                        "LABEL_FOLLOWS frames with labels.enabled=false");
            }
        }
    }

    private static long acquired(long index) {
        long now = EpochNanos.now();
        if (STALE.contains(index)) {
            return now - STALE_AGE_NANOS;
        }
        return AHEAD.contains(index) ? now + AHEAD_NANOS : now;
    }

    private static void send(KafkaProducer<String, byte[]> producer, ServiceConfig config, String session,
                             SyntheticPopulation population, long index, long acquiredNanos) {
        var trial = population.trial((int) index);
        Frame frame = new Frame(index, acquiredNanos, trial.stimulusDegrees(), trial.responses());
        producer.send(new ProducerRecord<>(config.topics().frames(), session, FrameCodec.encode(frame)));
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertTrue(m.find(), "/metrics has no " + series);
        return Double.parseDouble(m.group(1));
    }
}
