package io.livedecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.ops.OpsFiles;
import io.livedecode.decoder.service.DecoderService;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.simulator.replay.ReplayOptions;
import io.livedecode.simulator.replay.ReplayProgress;
import io.livedecode.simulator.replay.Replayer;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The live page in a real browser: the decoder on an embedded broker with two replayed sessions,
 * the page in Debian's headless Chromium, every claim read back from the page's DOM and state
 * and compared with the decoded topic; then the decoder restarts under the open page.
 *
 * <p>{@code -Dlivedecode.docs.screenshot=true} also writes the screenshot to
 * {@code docs/live-page.png}, the README's picture.
 */
class LivePageIT {

    private static final List<String> VARIANTS = List.of("linear", "relu50", "relu50-l2");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String STATE = "livedecode.state()";

    @Test
    void thePageShowsTheDecodersOutputLiveAndOutlivesARestart() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     kafka.bootstrapServers(), "linger.ms", 0), new StringSerializer(), new ByteArraySerializer())) {
            ServiceConfig first = config(kafka.bootstrapServers(), 0);
            List<Thread> replays = new ArrayList<>();
            DecoderService service = DecoderService.start(first);
            try (Chromium chromium = Chromium.launch(1400, 1000, Path.of("target", "chromium-live-page.log"))) {
                int port = service.httpPort();
                // rig-1 at about 28 frames/s, rig-2 at about 5: the page opens on the busier one.
                replays.add(replay(producer, first, "rig-1", 50));
                replays.add(replay(producer, first, "rig-2", 9));
                producer.send(new ProducerRecord<>(first.topics().frames(), "rig-1", "not a frame".getBytes()));
                chromium.navigate("http://127.0.0.1:" + port + "/");
                // The page follows the busiest session: rig-1 once both have sent a second of frames.
                chromium.await(STATE + ".session === 'rig-1' && " + everyVariantHasPoints(20), WAIT, STATE);

                JsonNode s1 = state(chromium);
                assertEquals("rig-1", s1.get("session").asText(), "the busiest session by default");
                assertEquals(VARIANTS, texts(s1.get("variants")));
                assertEquals(4, s1.get("charts").asInt(), "four uPlot charts");
                assertTrue(chromium.evaluate("performance.getEntriesByType('resource')"
                        + ".every(e => e.name.startsWith(location.origin))").asBoolean(), "nothing fetched from elsewhere");
                assertTrue(chromium.evaluate("document.querySelectorAll('#session option').length").asInt() >= 2);
                chromium.await(STATE + ".health.rejected.malformed === 1", WAIT, STATE + ".health");

                checkLatestAgainstTheTopic(chromium, kafka.bootstrapServers(), first);

                JsonNode before = state(chromium);
                Thread.sleep(3000);
                JsonNode after = state(chromium);
                assertTrue(after.get("updates").asLong() > before.get("updates").asLong(), "updates keep coming");
                assertTrue(after.path("points").get("lastFrame").asLong() > before.path("points").get("lastFrame").asLong(),
                        "newer frames are shown");
                assertNotEquals(before.get("latest"), after.get("latest"));
                // At most one event per 250 ms tick reaches the page, however fast frames come.
                long events = after.get("events").asLong() - before.get("events").asLong();
                assertTrue(events <= 3000 / LiveStream.TICK_MILLIS + 2, events + " events in 3 s");

                // Half a minute of strip points, so the picture shows the error curves fall.
                chromium.await(STATE + ".points.strip >= 30", WAIT, STATE + ".points");
                screenshot(chromium);

                JsonNode beforeRestart = state(chromium);
                service.close();
                chromium.await("!" + STATE + ".connected", WAIT, STATE);
                service = DecoderService.start(config(kafka.bootstrapServers(), port));
                long lastFrame = beforeRestart.path("points").get("lastFrame").asLong();
                chromium.await(STATE + ".connects > " + beforeRestart.get("connects").asInt()
                        + " && " + STATE + ".snapshots > " + beforeRestart.get("snapshots").asInt()
                        + " && " + STATE + ".points.lastFrame > " + (lastFrame + 30), WAIT, STATE);
                JsonNode restarted = state(chromium);
                assertEquals(beforeRestart.get("loadedAt"), restarted.get("loadedAt"), "the page was not reloaded");
                assertEquals("rig-1", restarted.get("session").asText());
                for (String v : VARIANTS) {
                    assertTrue(restarted.path("points").path("decoded").path(v).asInt() >= 20,
                            v + " still has points: " + restarted);
                }
                checkLatestAgainstTheTopic(chromium, kafka.bootstrapServers(), first);
            } finally {
                replays.forEach(Thread::interrupt);
                for (Thread t : replays) {
                    t.join(10_000);
                }
                service.close();
            }
        }
    }

    /** The page's latest answer per variant, in its state and its table, is the decoded topic's record of that frame. */
    private static void checkLatestAgainstTheTopic(Chromium chromium, String bootstrap, ServiceConfig config) {
        JsonNode shown = chromium.evaluate("(() => { const s = livedecode.state(); return { latest: s.latest,"
                + " cells: s.latest.map(l => ['frame', 'decoded', 'version'].map(f =>"
                + " document.querySelector(`td[data-variant=\"${l.variant}\"][data-field=\"${f}\"]`).textContent)) }; })()");
        for (int v = 0; v < VARIANTS.size(); v++) {
            JsonNode latest = shown.get("latest").get(v);
            assertEquals(VARIANTS.get(v), latest.get("variant").asText());
            long frame = latest.get("frame").asLong();
            DecodedRecord record = DecodedTopic.find(bootstrap, config.topics().decoded(), "rig-1", VARIANTS.get(v),
                    frame, WAIT);
            assertEquals(record.decodedDegrees(), latest.get("decoded").asDouble(), 0, "exactly the published double");
            assertEquals(record.modelVersion(), latest.get("version").asLong());
            if (record.labelled()) {
                assertEquals(record.trueDegrees(), latest.get("truth").asDouble(), 0);
            } else {
                assertTrue(latest.get("truth").isNull());
            }
            JsonNode cells = shown.get("cells").get(v);
            assertEquals("#" + frame, cells.get(0).asText());
            assertEquals(new BigDecimal(record.decodedDegrees()).setScale(2, RoundingMode.HALF_UP) + "°",
                    cells.get(1).asText(), "the table shows the same value");
            assertEquals(Long.toString(record.modelVersion()), cells.get(2).asText());
        }
    }

    private static String everyVariantHasPoints(int points) {
        StringBuilder js = new StringBuilder(STATE + ".charts === 4 && " + STATE + ".points.truth >= " + points);
        for (String v : VARIANTS) {
            js.append(" && ").append(STATE).append(".points.decoded['").append(v).append("'] >= ").append(points);
            js.append(" && ").append(STATE).append(".points.error['").append(v).append("'] >= 2");
        }
        return js.toString();
    }

    private static JsonNode state(Chromium chromium) {
        return chromium.evaluate(STATE);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void screenshot(Chromium chromium) throws Exception {
        byte[] png = chromium.screenshot();
        Path target = Path.of("target", "live-page.png");
        Files.write(target, png);
        System.out.printf("live page screenshot: %s (%,d bytes)%n", target.toAbsolutePath(), png.length);
        if (Boolean.getBoolean("livedecode.docs.screenshot")) {
            Path docs = OpsFiles.repositoryRoot().resolve("docs").resolve("live-page.png");
            Files.createDirectories(docs.getParent());
            Files.write(docs, png);
            System.out.println("and " + docs);
        }
    }

    private static ServiceConfig config(String bootstrap, int httpPort) {
        Map<String, String> flags = new HashMap<>(Map.of("kafka.bootstrap.servers", bootstrap, "topics.prefix", "live.",
                "topics.partitions", "2", "http.port", Integer.toString(httpPort), "http.host", "127.0.0.1",
                "kafka.group.id", "live-page", "decoder.variants", String.join(",", VARIANTS),
                "snapshot.interval-frames", "300"));
        return ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), flags));
    }

    private static Thread replay(KafkaProducer<String, byte[]> producer, ServiceConfig config, String session,
                                 double speed) {
        Replayer replayer = new Replayer(new SyntheticPopulation(PopulationConfig.defaults().withNeurons(2000)
                .withTrials(1000).withSeed(session.hashCode())),
                new ReplayOptions(session, speed, 0.8, 0, 0, true, 1));
        return Thread.ofPlatform().daemon().name("replay-" + session).start(() -> {
            try {
                replayer.run(producer, config.topics().frames(), ReplayProgress.NONE);
            } catch (InterruptedException | IllegalStateException e) {
                // The test ends the replay by interrupting it.
            }
        });
    }
}
