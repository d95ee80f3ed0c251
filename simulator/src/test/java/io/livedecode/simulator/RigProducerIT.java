package io.livedecode.simulator;

import io.livedecode.kafka.WholeTopic;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python producer from the README, verbatim, with Debian's numpy and kafka-python
 * against a real broker, and checks the Java side decodes its frame exactly.
 */
class RigProducerIT {

    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void readmeProducerFrameDecodesExactly(@TempDir Path dir) throws Exception {
        String producer = readmePythonBlock();
        assertTrue(producer.contains("KafkaProducer"), "README python block is not the producer");
        Path script = Files.writeString(dir.resolve("producer.py"), producer);
        Path expected = dir.resolve("expected.f32");
        run(dir, "import numpy as np; open('" + expected + "','wb').write("
                + "np.random.default_rng(0).gamma(2.0, 4.5, 23589).astype('<f4').tobytes())");

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
                admin.ensureTopic(TopicSpec.of("frames", 3));
            }
            long before = EpochNanos.now();
            runScript(dir, script, kafka.bootstrapServers());
            long after = EpochNanos.now();
            ConsumerRecord<String, byte[]> record = readOne(kafka.bootstrapServers(), "frames");

            assertEquals("mouse1-2026-11-29", record.key());
            Frame frame = FrameCodec.decode(record.value());
            assertEquals(0, frame.frameIndex());
            assertEquals(42.0, frame.stimulusDegrees());
            assertTrue(frame.acquiredNanos() >= before && frame.acquiredNanos() <= after,
                    "acquisition time " + frame.acquiredNanos() + " outside [" + before + ", " + after + "]");
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(expected)).order(ByteOrder.LITTLE_ENDIAN);
            float[] want = new float[23_589];
            bytes.asFloatBuffer().get(want);
            assertArrayEquals(want, frame.responses());
        }
    }

    static String readmePythonBlock() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "README.md not found above " + Path.of("").toAbsolutePath());
        Matcher m = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(dir.resolve("README.md")));
        assertTrue(m.find(), "README.md has no ```python block");
        return m.group(1);
    }

    private static void runScript(Path dir, Path script, String bootstrap) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("KAFKA", bootstrap);
        finish(pb);
    }

    private static void run(Path dir, String code) throws Exception {
        finish(new ProcessBuilder(PYTHON, "-c", code).directory(dir.toFile()).redirectErrorStream(true));
    }

    private static void finish(ProcessBuilder pb) throws Exception {
        assertTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is missing: apt-get install python3-numpy python3-kafka");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), "python failed (needs Debian python3-numpy and python3-kafka):\n" + output);
    }

    private static ConsumerRecord<String, byte[]> readOne(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            WholeTopic.assign(consumer, topic, WholeTopic.From.BEGINNING, Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            assertEquals(1, got.size(), "records on " + topic);
            return got.get(0);
        }
    }
}
