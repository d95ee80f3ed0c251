package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.protocol.DeadLetterHeaders;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's late-labels rig example, verbatim, with Debian's numpy and kafka-python
 * against a real broker and a decoder with late labels on, and checks what it printed.
 */
class RigLateLabelsIT {

    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void readmeLateLabelsExampleDecodesAndLearnsSixFramesBehind(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("rig.py"), readmeBlock("LABEL_FOLLOWS"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), Map.of(
                    "kafka.bootstrap.servers", kafka.bootstrapServers(), "http.port", "0", "topics.partitions", "2",
                    "labels.enabled", "true", "labels.lag-frames", "5")));
            try (DecoderService service = DecoderService.start(config)) {
                ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString()).directory(dir.toFile())
                        .redirectErrorStream(true);
                pb.environment().put("KAFKA", kafka.bootstrapServers());
                assertTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is missing: apt-get install python3-numpy"
                        + " python3-kafka");
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
                assertEquals(0, p.exitValue(), "the README example failed:\n" + out);
                List<String[]> linear = new ArrayList<>();
                for (String line : out.strip().split("\n")) {
                    String[] f = line.trim().split(" ");
                    if (f.length == 5 && f[1].equals("linear")) {
                        linear.add(f);
                    }
                }
                assertEquals(20, linear.size(), out);
                for (int k = 0; k < 20; k++) {
                    assertEquals(Integer.toString(k), linear.get(k)[0], out);
                    assertEquals("None", linear.get(k)[3], "no error in a LABEL_FOLLOWS frame's record");
                    // Frame k is decoded by the model that learned frames 0 .. k - 6: one update each.
                    assertEquals(Integer.toString(Math.max(0, k - 5)), linear.get(k)[4], "model version of frame " + k);
                }
                assertEquals(20.0, service.registry().get("livedecode.labels").tag("outcome", "matched").counter()
                        .count());

                // A record on the labels topic that is not a label is dead-lettered with its reason, not a crash.
                try (KafkaProducer<String, byte[]> producer = RigProducer.connect(kafka.bootstrapServers())) {
                    producer.send(new ProducerRecord<>("labels", "mouse2-2026-12-01", new byte[10])).get();
                }
                List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(kafka.bootstrapServers(), "frames.dlq", 1,
                        Duration.ofSeconds(30));
                assertEquals(1, dead.size());
                assertEquals("malformed", new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(),
                        StandardCharsets.UTF_8));
                assertTrue(new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.DETAIL).value(),
                        StandardCharsets.UTF_8).contains("label record has 10 bytes"));
                assertEquals(1.0, service.registry().get("livedecode.labels").tag("outcome", "refused").counter()
                        .count());
                // A bad label is not a refused frame: the frames' counters stay as they were.
                assertEquals(0.0, service.registry().get("livedecode.frames").tag("outcome", "rejected").counter()
                        .count());
                assertEquals(0.0, service.registry().get("livedecode.frames.rejected").tag("reason", "malformed")
                        .counter().count());
                assertTrue(service.healthy());
            }
        }
    }

    /** The README's ```python block that contains {@code marker}. */
    static String readmeBlock(String marker) throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "README.md not found");
        Matcher m = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(dir.resolve("README.md")));
        while (m.find()) {
            if (m.group(1).contains(marker)) {
                return m.group(1);
            }
        }
        throw new AssertionError("README.md has no ```python block with " + marker);
    }
}
