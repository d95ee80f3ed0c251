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
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three sessions on two partitions, every frame sent with LABEL_FOLLOWS and its label 0 to 5 s
 * later (seeded delays, so labels come out of order across sessions): the decoded angles, model
 * versions and prequential errors equal those of the same frames with their labels inline through a
 * fresh decoder with the same lag. With a lag of 150 frames no label is later than its learning
 * point; with a lag of 3, many are, and the frames wait for them.
 */
class LateLabelsIT {

    private static final String[] SESSIONS = {"mouse-a", "mouse-b", "mouse-c"};
    private static final int FRAMES = 900;
    private static final long SPACING_MS = 20;
    private static final long MAX_DELAY_MS = 5000;
    private static final String VARIANTS = "linear,relu50";
    private static final long EPOCH_NANOS = 1_764_403_200_000_000_000L;
    private static EmbeddedKafka kafka;
    /** The stream: frame j goes to session[j], with that session's next index. */
    private static final List<Sent> stream = new ArrayList<>();

    record Sent(String session, long index, long sentMs, long labelMs, double stimulus, float[] responses) {
    }

    @BeforeAll
    static void broker() {
        kafka = EmbeddedKafka.start();
        SplittableRandom random = new SplittableRandom(2026);
        SyntheticPopulation population = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(300)
                .withTrials(FRAMES));
        Map<String, Long> next = new HashMap<>();
        for (int j = 0; j < FRAMES; j++) {
            String session = SESSIONS[random.nextInt(SESSIONS.length)];
            long index = next.merge(session, 1L, Long::sum) - 1;
            Trial t = population.trial(j);
            // One frame in twenty turns out not to be labelled after all (a NaN label).
            double stimulus = random.nextInt(20) == 0 ? Double.NaN : t.stimulusDegrees();
            stream.add(new Sent(session, index, j * SPACING_MS, j * SPACING_MS + random.nextLong(MAX_DELAY_MS + 1),
                    stimulus, t.responses()));
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @ParameterizedTest(name = "lag {0} frames")
    @ValueSource(ints = {150, 3})
    void lateLabelsGiveTheOutputsOfInlineLabels(int lag) throws Exception {
        long mustWait = labelsLaterThanTheirLearningPoint(lag);
        if (lag == 150) {
            assertEquals(0, mustWait, "this lag covers the longest delay");
        } else {
            assertTrue(mustWait > 100, mustWait + " labels come more than a second after their learning point");
        }
        Result inline = run("inline" + lag + ".", lag, false);
        Result late = run("late" + lag + ".", lag, true);
        List<String> differ = inline.outputs.keySet().stream()
                .filter(k -> !inline.outputs.get(k).equals(late.outputs.get(k))).toList();
        assertEquals(List.of(), differ.subList(0, Math.min(10, differ.size())), differ.size() + " outputs differ");
        assertEquals(inline.outputs.size(), late.outputs.size());
        assertEquals(FRAMES * 2, late.outputs.size());
        assertEquals(inline.errors, late.errors, "prequential errors (count, sum) per session and variant");
        long learned = inline.errors.values().stream().mapToLong(e -> Long.parseLong(e.split(" ")[0])).sum();
        assertTrue(learned > 2 * (FRAMES - 3 * (lag + 1)) * 9 / 10, learned + " frames scored");
        assertEquals(FRAMES, late.matched, "every label found its frame");
        assertEquals(0, late.expired + late.unmatched + late.duplicate + late.refused,
                "expired, unmatched, duplicate, refused");
        if (lag == 3) {
            assertTrue(late.longestWaitSeconds > 1, "longest label wait " + late.longestWaitSeconds + " s");
        }
    }

    /**
     * A decoder killed with SIGKILL mid-stream and started again: every (session, frame, variant)
     * output equals the inline reference's, and a repeated one is identical.
     */
    @org.junit.jupiter.api.Test
    void aCrashAndRecoveryChangeNoOutput(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int lag = 10;
        Result inline = run("crashref.", lag, false);
        String prefix = "crash.";
        Topics topics = new Topics(prefix);
        Map<String, String> settings = new HashMap<>(settings(prefix, lag));
        settings.remove("kafka.bootstrap.servers");
        settings.remove("http.port");
        // The killed decoder's group membership lapses after the session timeout; keep it short.
        settings.put("kafka.consumer.session.timeout.ms", "6000");
        // Snapshots (join state included) often, so the restart restores them instead of replaying every frame.
        settings.put("snapshot.interval-frames", "40");
        settings.put("kafka.consumer.heartbeat.interval.ms", "1000");
        ChildDecoder first = ChildDecoder.serve(kafka.bootstrapServers(), settings, dir.resolve("first.log"));
        Thread rig;
        List<ConsumerRecord<String, byte[]>> before;
        try {
            // Topics are the decoder's to create; wait until they exist (without creating them: an
            // auto-created topic has the broker's partition count), then stream on the schedule.
            TopicReader.read(Map.of("bootstrap.servers", kafka.bootstrapServers(), "allow.auto.create.topics", "false"),
                    topics.decoded(), got -> true, Duration.ofSeconds(60));
            rig = Thread.ofPlatform().start(() -> {
                try {
                    send(topics, true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            before = TopicReader.read(kafka.bootstrapServers(), topics.decoded(),
                    FRAMES, Duration.ofMinutes(2));
            assertTrue(before.size() >= FRAMES, "first decoder produced " + before.size() + "\n" + first.output());
        } finally {
            first.kill();
        }
        try (ChildDecoder second = ChildDecoder.serve(kafka.bootstrapServers(), settings, dir.resolve("second.log"))) {
            rig.join();
            Map<String, String> after = outputs(topics, false);
            List<String> differ = inline.outputs.keySet().stream()
                    .filter(k -> !inline.outputs.get(k).equals(after.get(k))).toList();
            assertEquals(List.of(), differ.subList(0, Math.min(10, differ.size())), differ.size() + " outputs differ\n"
                    + second.output());
            assertEquals(2 * FRAMES, after.size());
            assertTrue(second.output().contains("recovered in"), second.output());
            // Sessions came back from their snapshots, queues included: far fewer frames replayed than were read.
            java.util.regex.Matcher m = RECOVERED.matcher(second.output());
            long restored = 0;
            long replayed = 0;
            long rebuilt = 0;
            while (m.find()) {
                restored += Long.parseLong(m.group(2));
                replayed += Long.parseLong(m.group(5)) - Long.parseLong(m.group(4));
                rebuilt += Long.parseLong(m.group(3));
            }
            long firstRun = before.size() / 2;
            assertTrue(restored >= 2, restored + " sessions restored from snapshots\n" + second.output());
            assertEquals(0, rebuilt, "sessions rebuilt from their first frame\n" + second.output());
            assertTrue(replayed < firstRun / 2, replayed + " frames replayed of the " + firstRun
                    + " the first decoder had decoded\n" + second.output());
            System.out.printf("late-labels crash: %d sessions restored, %d frames replayed of %d decoded before%n",
                    restored, replayed, firstRun);
        }
    }

    /** Recovery's summary line, per partition. */
    private static final java.util.regex.Pattern RECOVERED = java.util.regex.Pattern.compile(
            "recovered in (\\d+) ms: \\d+ sessions known, (\\d+) restored, (\\d+) rebuilt from their frames;"
                    + " replaying from offset (\\d+) up to (\\d+)");

    /** Labels that the schedule sends over a second after their session's frame p + lag + 1. */
    private static long labelsLaterThanTheirLearningPoint(int lag) {
        Map<String, List<Sent>> bySession = new HashMap<>();
        stream.forEach(s -> bySession.computeIfAbsent(s.session(), k -> new ArrayList<>()).add(s));
        long n = 0;
        for (List<Sent> frames : bySession.values()) {
            for (int p = 0; p + lag + 1 < frames.size(); p++) {
                if (frames.get(p).labelMs() > frames.get(p + lag + 1).sentMs() + 1000) {
                    n++;
                }
            }
        }
        return n;
    }

    record Result(Map<String, String> outputs, Map<String, String> errors, double matched, double expired,
                  double unmatched, double duplicate, double refused, double longestWaitSeconds) {
    }

    private static Result run(String prefix, int lag, boolean late) throws Exception {
        Topics topics = new Topics(prefix);
        ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(),
                settings(prefix, lag)));
        try (DecoderService service = DecoderService.start(config)) {
            send(topics, late);
            Map<String, String> outputs = outputs(topics, late);
            MeterRegistry registry = service.registry();
            String scrape = service.registry().scrape();
            assertTrue(scrape.contains("livedecode_labels_total{outcome=\"matched\"}")
                    && scrape.contains("livedecode_label_wait_seconds_bucket"), "label metrics are exposed");
            Map<String, String> errors = new TreeMap<>();
            for (DistributionSummary s : registry.find("livedecode.prequential.error").summaries()) {
                errors.put(s.getId().getTag("session") + "/" + s.getId().getTag("variant"),
                        s.count() + " " + Double.doubleToRawLongBits(s.totalAmount()));
            }
            Timer wait = registry.find("livedecode.label.wait").timer();
            return new Result(outputs, errors, count(registry, "matched"), count(registry, "expired"),
                    count(registry, "unmatched"), count(registry, "duplicate"), count(registry, "refused"),
                    wait == null ? 0 : wait.max(TimeUnit.SECONDS));
        }
    }

    private static Map<String, String> settings(String prefix, int lag) {
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "http.port", "0", "topics.prefix", prefix,
                "topics.partitions", "2", "kafka.group.id", prefix + "group", "decoder.variants", VARIANTS,
                "labels.enabled", "true", "labels.lag-frames", Integer.toString(lag),
                "delivery.commit-interval-ms", "100");
    }

    /** (session, variant, frame) -> decoded bits and model version; a repeated output must be identical. */
    private static Map<String, String> outputs(Topics topics, boolean late) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(kafka.bootstrapServers(), topics.decoded(),
                got -> got.stream().map(r -> key(DecodedRecord.fromJson(r.value()))).distinct().count()
                        >= 2L * FRAMES, Duration.ofMinutes(2));
        Map<String, String> outputs = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            DecodedRecord d = DecodedRecord.fromJson(r.value());
            if (late) {
                assertTrue(Double.isNaN(d.trueDegrees()) && Double.isNaN(d.errorDegrees()),
                        "a LABEL_FOLLOWS frame's record has no true angle or error: " + d);
            }
            String value = Long.toHexString(Double.doubleToRawLongBits(d.decodedDegrees())) + " v" + d.modelVersion();
            String previous = outputs.put(key(d), value);
            assertEquals(previous == null ? value : previous, value, "a repeated output is identical: " + key(d));
        }
        return outputs;
    }

    private static double count(MeterRegistry registry, String outcome) {
        return registry.get("livedecode.labels").tag("outcome", outcome).counter().count();
    }

    private static String key(DecodedRecord d) {
        return d.session() + "/" + d.variant() + "#" + d.frameIndex();
    }

    /** Inline: every frame with its stimulus, at once. Late: frames and labels on the schedule, in real time. */
    private static void send(Topics topics, boolean late) throws InterruptedException {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        List<long[]> order = new ArrayList<>();
        for (int j = 0; j < stream.size(); j++) {
            Sent s = stream.get(j);
            order.add(new long[] {s.sentMs(), j, 0});
            if (late) {
                order.add(new long[] {s.labelMs(), j, 1});
            }
        }
        order.sort(Comparator.<long[]>comparingLong(o -> o[0]).thenComparingLong(o -> o[2]).thenComparingLong(o -> o[1]));
        for (long[] o : order) {
            Sent s = stream.get((int) o[1]);
            if (o[2] == 0) {
                Frame frame = late
                        ? new Frame(s.index(), EPOCH_NANOS + 1_000_000L * s.sentMs(), Double.NaN, s.responses(), Frame.LABEL_FOLLOWS)
                        : new Frame(s.index(), EPOCH_NANOS + 1_000_000L * s.sentMs(), s.stimulus(), s.responses());
                records.add(new ProducerRecord<>(topics.frames(), s.session(), FrameCodec.encode(frame)));
            } else {
                records.add(new ProducerRecord<>(topics.labels(), s.session(),
                        LabelCodec.encode(new Label(s.index(), s.stimulus()))));
            }
            at.add(o[0]);
        }
        try (KafkaProducer<String, byte[]> producer = RigProducer.connect(kafka.bootstrapServers())) {
            long start = System.nanoTime();
            for (int i = 0; i < records.size(); i++) {
                if (late) {
                    long sleep = at.get(i) - (System.nanoTime() - start) / 1_000_000;
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
                producer.send(records.get(i));
            }
            producer.flush();
        }
    }
}
