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
 * A standalone broker process killed with SIGKILL and restarted on the same data twice while
 * frames stream in: first for 30 s, then for 75 s, longer than the decoder's producer delivery
 * timeout and transaction timeout (lowered here to 30 s and 10 s, so the outage crosses them as a
 * longer one would cross the defaults). The same decoder process stays up, {@code /health} stays
 * 200, {@code /ready} turns 503 while the broker is away (within seconds, whatever the loop is doing),
 * and every output equals a healthy run's, in exactly-once none twice.
 */
class BrokerRestartIT {

    private static final int FRAMES = 900;
    /** The consumer heartbeats every 3 s; three missed ones and the next check mark Kafka unreachable. */
    private static final Duration DETECTION = Duration.ofSeconds(12);
    private static StandaloneKafka kafka;
    private static TrialSource source;
    private static DecodedOutputs reference;
    private final HttpClient http = HttpClient.newHttpClient();

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
                "delivery.commit-interval-ms", "100", "kafka.producer.delivery.timeout.ms", "30000"));
        s.put("kafka.producer.request.timeout.ms", "10000");
        s.put("kafka.group.instance.id", prefix + "instance");
        return ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void decoderSurvivesBrokerKilledTwice(String mode) throws Exception {
        ServiceConfig config = config("restart_" + mode.replace('-', '_') + ".", mode);
        try (DecoderService service = DecoderService.start(config)) {
            AtomicInteger notReady = new AtomicInteger();
            AtomicInteger readyWhileAway = new AtomicInteger();
            AtomicInteger unhealthy = new AtomicInteger();
            // Each outage starts right after a burst the decoder is still working through, so outputs and
            // (in exactly-once) a transaction are in flight when the broker dies.
            send(config.topics(), 0, 250, 20);
            send(config.topics(), 250, 400, 0);
            outage(service, Duration.ofSeconds(30), notReady, readyWhileAway, unhealthy);
            send(config.topics(), 400, 550, 20);
            send(config.topics(), 550, 700, 0);
            outage(service, Duration.ofSeconds(75), notReady, readyWhileAway, unhealthy);
            send(config.topics(), 700, FRAMES, 20);
            DecodedOutputs after = DecodedOutputs.read(kafka.bootstrapServers(), config.topics().decoded(), 2 * FRAMES,
                    mode.equals("exactly-once"), Duration.ofMinutes(4));
            after.assertEqualTo(reference, mode);
            assertEquals(0, unhealthy.get(), "/health answered 503 during an outage");
            assertTrue(notReady.get() > 0, "/ready never reported the outage");
            assertEquals(0, readyWhileAway.get(), "/ready answered 200 while the broker had been away for "
                    + DETECTION.toSeconds() + " s or more");
            assertEquals(200, status(service, "/ready"));
            String metrics = service.registry().scrape();
            System.out.printf("%s: two broker restarts survived, %d outputs equal, %d repeated; %s%n", mode,
                    after.values.size(), after.duplicates, metrics.lines()
                            .filter(l -> l.startsWith("livedecode_rewinds_total")).toList());
        }
    }

    /**
     * Kills the broker for {@code down}, probing the decoder each second: {@code /health} must stay 200
     * throughout, {@code /ready} must be 503 once the outage is older than {@link #DETECTION}.
     */
    private void outage(DecoderService service, Duration down, AtomicInteger notReady, AtomicInteger readyWhileAway,
                        AtomicInteger unhealthy) throws Exception {
        kafka.kill();
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
    }

    private int status(DecoderService service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
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
