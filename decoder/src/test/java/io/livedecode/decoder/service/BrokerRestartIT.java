package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.protocol.Topics;
import io.livedecode.simulator.kafka.BrokerSettings;
import io.livedecode.simulator.kafka.StandaloneKafka;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A standalone broker process killed with SIGKILL and restarted on the same data while frames
 * stream in: by default twice, first for 30 s, then for 75 s, with the decoder's producer delivery
 * timeout and request timeout lowered to 30 s and 10 s, so the second outage crosses them (and the
 * service's 10 s transaction timeout) as a longer one would cross the defaults. The same decoder process stays
 * up, {@code /health} stays 200, {@code /ready} turns 503 while the broker is away (within seconds,
 * whatever the loop is doing) and is 200 again soon after, and every output equals a healthy run's; in
 * exactly-once none is published twice unless a hanging transaction was aborted (the documented case
 * where its committed outputs are published again, identically).
 *
 * <p>{@code -Dlivedecode.outages=30,180} sets the outage lengths in seconds (one outage per entry);
 * {@code -Dlivedecode.outage.default-timeouts=true} keeps the service's own producer timeouts
 * instead of lowering them, so an outage of minutes is tried against what production runs.
 */
class BrokerRestartIT {

    /** Outage lengths in order; each follows a burst of frames the decoder is still working through. */
    private static final List<Duration> OUTAGES = outages(System.getProperty("livedecode.outages", "30,75"));
    private static final boolean DEFAULT_TIMEOUTS = Boolean.getBoolean("livedecode.outage.default-timeouts");
    /** 400 frames before the first outage, 300 before each further one, 200 after the last. */
    private static final int FRAMES = 400 + 300 * (OUTAGES.size() - 1) + 200;
    /** The consumer heartbeats every 3 s; three missed ones and the next check mark Kafka unreachable. */
    private static final Duration DETECTION = Duration.ofSeconds(12);
    /** How soon after the last output {@code /ready} must be 200 again. */
    private static final Duration READY_AGAIN = Duration.ofSeconds(45);
    private static StandaloneKafka kafka;
    private static TrialSource source;
    private static DecodedOutputs reference;
    private final HttpClient http = HttpClient.newHttpClient();
    private ReadyWatch watch;

    @BeforeAll
    static void healthyRun() throws Exception {
        kafka = StandaloneKafka.start(BrokerSettings.defaults());
        source = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(1000).withTrials(FRAMES));
        ServiceConfig config = config("restart_ref.", "at-least-once");
        try (DecoderService service = DecoderService.start(config)) {
            send(config.topics(), 0, FRAMES, 0);
            reference = DecodedOutputs.read(kafka.bootstrapServers(), config.topics().decoded(), 2 * FRAMES, false,
                    Duration.ofMinutes(3));
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    static ServiceConfig config(String prefix, String mode) {
        try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
            Topics t = new Topics(prefix);
            admin.ensureTopics(List.of(TopicSpec.of(t.frames(), 2), TopicSpec.of(t.decoded(), 2),
                    TopicSpec.of(t.deadLetter(), 2), TopicSpec.compacted(t.snapshots(), 2)));
        }
        Map<String, String> s = new HashMap<>(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "http.port", "0", "topics.prefix", prefix, "kafka.group.id", prefix + "group",
                "decoder.variants", "linear,relu50", "snapshot.interval-frames", "60", "delivery.mode", mode,
                "delivery.commit-interval-ms", "100"));
        if (!DEFAULT_TIMEOUTS) {
            s.put("kafka.producer.delivery.timeout.ms", "30000");
            s.put("kafka.producer.request.timeout.ms", "10000");
        }
        s.put("kafka.group.instance.id", prefix + "instance");
        return ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void decoderSurvivesBrokerKilledTwice(String mode) throws Exception {
        ServiceConfig config = config("restart_" + mode.replace('-', '_') + ".", mode);
        long started = System.nanoTime();
        try (DecoderService service = DecoderService.start(config);
             ReadyWatch watch = new ReadyWatch(mode, service.httpPort(), started)) {
            this.watch = watch;
            AtomicInteger notReady = new AtomicInteger();
            AtomicInteger readyWhileAway = new AtomicInteger();
            AtomicInteger unhealthy = new AtomicInteger();
            // Each outage starts right after a burst the decoder is still working through, so outputs and
            // (in exactly-once) a transaction are in flight when the broker dies.
            int next = 0;
            for (int k = 0; k < OUTAGES.size(); k++) {
                int unpaced = next + (k == 0 ? 250 : 150);
                send(config.topics(), next, unpaced, 20);
                next = unpaced + 150;
                send(config.topics(), unpaced, next, 0);
                outage(service, OUTAGES.get(k), notReady, readyWhileAway, unhealthy);
            }
            send(config.topics(), next, FRAMES, 20);
            // Identical repeats are read here and judged below: exactly-once allows them only after an abort.
            DecodedOutputs after = DecodedOutputs.read(kafka.bootstrapServers(), config.topics().decoded(), 2 * FRAMES,
                    false, Duration.ofMinutes(4));
            after.assertEqualTo(reference, mode);
            String metrics = service.registry().scrape();
            if (mode.equals("exactly-once")) {
                double aborted = counter(metrics, "livedecode_hanging_transactions_aborted_total");
                assertTrue(after.duplicates == 0 || aborted > 0, () -> after.duplicates
                        + " outputs published twice in exactly-once with no hanging transaction aborted");
            }
            assertEquals(0, unhealthy.get(), "/health answered 503 during an outage");
            assertTrue(notReady.get() > 0, "/ready never reported the outage");
            assertEquals(0, readyWhileAway.get(), "/ready answered 200 while the broker had been away for "
                    + DETECTION.toSeconds() + " s or more");
            assertReadyWithin(service, READY_AGAIN);
            System.out.printf("%s: broker restarts after %s survived (%s timeouts) in %d s, %d outputs equal,"
                    + " %d repeated; %s%n", mode, OUTAGES, DEFAULT_TIMEOUTS ? "default" : "lowered",
                    (System.nanoTime() - started) / 1_000_000_000L, after.values.size(), after.duplicates,
                    metrics.lines().filter(l -> l.startsWith("livedecode_rewinds_total")).toList());
        }
    }

    /**
     * Kills the broker for {@code down}, probing the decoder each second: {@code /health} must stay 200
     * throughout, {@code /ready} must be 503 once the outage is older than {@link #DETECTION}.
     */
    private void outage(DecoderService service, Duration down, AtomicInteger notReady, AtomicInteger readyWhileAway,
                        AtomicInteger unhealthy) throws Exception {
        kafka.kill();
        watch.mark("broker killed for " + down.toSeconds() + " s");
        long killed = System.nanoTime();
        long until = killed + down.toNanos();
        while (System.nanoTime() < until) {
            int ready = status(service, "/ready");
            if (ready == 503) {
                notReady.incrementAndGet();
            } else if (System.nanoTime() - killed > DETECTION.toNanos()) {
                readyWhileAway.incrementAndGet();
            }
            if (status(service, "/health") != 200) {
                unhealthy.incrementAndGet();
            }
            Thread.sleep(1_000);
        }
        kafka.restart();
        watch.mark("broker restarted");
    }

    private static List<Duration> outages(String seconds) {
        List<Duration> outages = new ArrayList<>();
        for (String s : seconds.split(",")) {
            long value;
            try {
                value = Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                value = 0;
            }
            if (value <= 0) {
                throw new IllegalArgumentException("livedecode.outages takes positive seconds separated by"
                        + " commas, not '" + s + "' in '" + seconds + "'");
            }
            outages.add(Duration.ofSeconds(value));
        }
        return List.copyOf(outages);
    }

    /**
     * Probes {@code /ready} every 250 ms beside the test and prints, when closed, each change of its
     * answer and each broker kill and restart with the seconds since the test began: how long the
     * decoder reported itself not ready, and how soon it was ready again once the broker was back.
     */
    private static final class ReadyWatch implements AutoCloseable {
        private final String mode;
        private final long started;
        private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
        private final Thread probe;

        ReadyWatch(String mode, int port, long started) {
            this.mode = mode;
            this.started = started;
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            probe = Thread.ofVirtual().start(() -> {
                String last = "";
                while (!Thread.currentThread().isInterrupted()) {
                    String now;
                    try {
                        now = "/ready " + client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        now = "/ready unanswered (" + e.getClass().getSimpleName() + ")";
                    }
                    if (!now.equals(last)) {
                        mark(now);
                        last = now;
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void mark(String event) {
            timeline.add(String.format("%7.1f s %s", (System.nanoTime() - started) / 1e9, event));
        }

        @Override
        public void close() {
            probe.interrupt();
            try {
                probe.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (timeline) {
                System.out.println(mode + " timeline:\n  " + String.join("\n  ", timeline));
            }
        }
    }

    /**
     * {@code /ready} must answer 200 again within {@code limit} of the last output read: a recovery
     * that rereads a committed offset the restarted coordinator does not serve yet may still be
     * waiting (two 10 s tries), so one probe right after the read proves nothing either way.
     */
    private void assertReadyWithin(DecoderService service, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        int last;
        while ((last = status(service, "/ready")) != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals(200, last, "/ready not 200 within " + limit.toSeconds() + " s of the last output");
    }

    /** A counter's value in a Prometheus scrape (summed over its series), 0 when absent. */
    private static double counter(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private int status(DecoderService service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A rig that rides out the outages: its sends wait for the broker as long as it takes. */
    private static void send(Topics topics, int from, int to, long pauseMillis) throws InterruptedException {
        try (KafkaProducer<String, byte[]> producer = RigProducer.connect(kafka.bootstrapServers(),
                Map.of("delivery.timeout.ms", 600_000, "max.block.ms", 600_000, "request.timeout.ms", 10_000))) {
            for (int k = from; k < to; k++) {
                var t = source.trial(k);
                Frame frame = new Frame(k, 1_000_000_000L * k, k % 4 == 3 ? Double.NaN : t.stimulusDegrees(),
                        t.responses());
                producer.send(new ProducerRecord<>(topics.frames(), "rig-" + (k % 2), FrameCodec.encode(frame)));
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        }
    }
}
