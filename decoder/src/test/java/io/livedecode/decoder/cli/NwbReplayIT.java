package io.livedecode.decoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.service.DecoderService;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.kafka.WholeTopic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording as a rig keeps it, end to end: h5py writes an NWB file (chunked, gzip), {@code
 * livedecode replay --dataset} sends it to a real broker and the decoder service decodes it; the
 * decoded records carry the file's stimulus angles and the models learn from them.
 */
class NwbReplayIT {

    private static final int ROIS = 300;
    private static final int TRIALS = 500;

    @Test
    void anNwbFileReplaysAndDecodes(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/write_rig_session.py", dir.toString(),
                Integer.toString(ROIS), Integer.toString(TRIALS), "11").redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "needs python3-h5py:\n" + err);
        JsonNode angles = new ObjectMapper().readTree(out);
        assertEquals(TRIALS, angles.size());

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Map<String, String> flags = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "topics.prefix", "nwb.",
                    "topics.partitions", "1", "http.port", "0", "kafka.group.id", "nwb.group");
            ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), flags));
            try (DecoderService service = DecoderService.start(config)) {
                int exit = Main.commandLine().execute("replay", "--dataset", dir.resolve("session.nwb").toString(),
                        "--window", "0:0.6", "--session", "rig-1", "--speed", "max", "--topic-prefix", "nwb.",
                        "--partitions", "1", "--bootstrap-servers", kafka.bootstrapServers());
                assertEquals(0, exit, "replay exit code");
                List<DecodedRecord> decoded = read(kafka.bootstrapServers(), config.topics().decoded(), 2 * TRIALS);
                check(decoded, angles);
            }
        }
    }

    private static void check(List<DecodedRecord> decoded, JsonNode angles) {
        assertEquals(2 * TRIALS, decoded.size(), "one record per trial per variant");
        Map<String, List<DecodedRecord>> byVariant = new TreeMap<>();
        for (DecodedRecord d : decoded) {
            assertEquals("rig-1", d.session());
            byVariant.computeIfAbsent(d.variant(), v -> new ArrayList<>()).add(d);
        }
        assertEquals(List.of("linear", "relu200"), List.copyOf(byVariant.keySet()));
        byVariant.forEach((variant, list) -> {
            for (int k = 0; k < TRIALS; k++) {
                DecodedRecord d = list.get(k);
                assertEquals(k, d.frameIndex(), variant + ": trials in order, each once");
                // The file's angle for trial k, as written by h5py (float64 both ways).
                assertEquals(angles.get(k).asDouble(), d.trueDegrees(), 1e-9, variant + " trial " + k);
            }
            double[] tail = list.subList(TRIALS - 100, TRIALS).stream().mapToDouble(DecodedRecord::errorDegrees)
                    .sorted().toArray();
            double median = (tail[49] + tail[50]) / 2;
            System.out.printf("NWB replay, %s: median error over the last 100 of %d trials = %.1f deg%n", variant,
                    TRIALS, median);
            // Chance is 90 degrees for directions; both variants reach about 1 degree here.
            assertTrue(median < 5, variant + ": median error " + median + " deg after " + TRIALS + " trials");
        });
    }

    private static List<DecodedRecord> read(String bootstrap, String topic, int expected) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            WholeTopic.assign(consumer, topic, WholeTopic.From.BEGINNING, Duration.ofMinutes(1));
            List<DecodedRecord> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (got.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> got.add(DecodedRecord.fromJson(r.value())));
            }
            consumer.poll(Duration.ofMillis(500)).forEach(r -> got.add(DecodedRecord.fromJson(r.value())));
            return got;
        }
    }
}
