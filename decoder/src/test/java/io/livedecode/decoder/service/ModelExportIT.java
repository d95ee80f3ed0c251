package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.provenance.BuildVersion;
import io.livedecode.protocol.Angles;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model export against a real broker: numpy loads the archive the service hands out and, with
 * the README's decode function, gets the angle the service published for frames decoded after the
 * export (unlabelled, so the model did not move). Also the provenance fields of the records and
 * {@code /info}.
 */
class ModelExportIT {

    private static final String TOKEN = "export-test-token";
    private static final String SESSION = "mouse 7:a";
    private static final int LEARNED = 300;
    private static final int PROBES = 12;

    private static EmbeddedKafka kafka;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void numpyDecodesFramesFromTheExportedModelAsTheServiceDid(@TempDir Path dir) throws Exception {
        ServiceConfig config = config();
        SyntheticPopulation population = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(700)
                .withTrials(LEARNED + PROBES));
        try (DecoderService service = DecoderService.start(config);
             KafkaProducer<String, byte[]> producer = producer()) {
            int port = service.httpPort();
            for (int k = 0; k < LEARNED; k++) {
                send(producer, config, population.trial(k), k, true);
            }
            List<DecodedRecord> learned = decoded(config, 2 * LEARNED);
            assertEquals(2 * LEARNED, learned.size());

            String path = "/admin/sessions/" + "mouse%207%3Aa" + "/model?variant=";
            assertEquals(401, get(port, path + "relu200", null).statusCode(), "the export needs the token");
            HttpResponse<String> missingVariant = text(port, path.replace("?variant=", ""));
            assertEquals(400, missingVariant.statusCode());
            assertEquals("name the variant: ?variant=NAME, one of [linear, relu200]", missingVariant.body().strip());
            HttpResponse<String> noVariant = text(port, path + "relu9");
            assertEquals(404, noVariant.statusCode());
            assertEquals("session 'mouse 7:a' has no variant 'relu9'; its variants are [linear, relu200]",
                    noVariant.body().strip());
            HttpResponse<String> noSession = text(port, "/admin/sessions/nobody/model?variant=linear");
            assertEquals(404, noSession.statusCode());
            assertTrue(noSession.body().startsWith("no session 'nobody' in this decoder's memory"), noSession.body());

            Map<String, Path> archives = new HashMap<>();
            for (String variant : List.of("linear", "relu200")) {
                HttpResponse<byte[]> r = get(port, path + variant, TOKEN);
                assertEquals(200, r.statusCode(), variant);
                assertEquals("attachment; filename=\"mouse_7_a-" + variant + ".npz\"",
                        r.headers().firstValue("content-disposition").orElseThrow());
                archives.put(variant, Files.write(dir.resolve(variant + ".npz"), r.body()));
            }

            // Unlabelled frames leave the model as exported: their decodes are the archive's to reproduce.
            ByteBuffer probes = ByteBuffer.allocate(4 * PROBES * population.neurons()).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = LEARNED; k < LEARNED + PROBES; k++) {
                Trial t = population.trial(k);
                send(producer, config, t, k, false);
                probes.asFloatBuffer().position((k - LEARNED) * population.neurons()).put(t.responses());
            }
            Files.write(dir.resolve("probes.f32"), probes.array());
            List<DecodedRecord> all = decoded(config, 2 * (LEARNED + PROBES));
            assertEquals(2 * (LEARNED + PROBES), all.size(), "one record per frame per variant");
            JsonNode info = new ObjectMapper().readTree(text(port, "/info").body());

            for (String variant : List.of("linear", "relu200")) {
                List<DecodedRecord> mine = all.stream().filter(d -> d.variant().equals(variant)).toList();
                DecodedRecord lastLearned = mine.get(LEARNED - 1);
                List<DecodedRecord> probed = mine.subList(LEARNED, LEARNED + PROBES);
                JsonNode numpy = new ObjectMapper().readTree(numpyDecode(dir, archives.get(variant), population.neurons()));

                assertEquals(BuildVersion.current(), lastLearned.build());
                assertEquals(BuildVersion.current(), numpy.get("build").asText());
                assertEquals(BuildVersion.current(), info.get("build").asText());
                String hash = lastLearned.configHash();
                assertTrue(hash.matches("[0-9a-f]{12}"), hash);
                assertEquals(hash, numpy.get("config_hash").asText(), variant + ": the archive's hash is the records'");
                assertEquals(hash, numpy.get("sha256_of_config").asText(), variant + ": numpy's hash of the config text");
                assertEquals(hash, infoVariant(info, variant).get("config_hash").asText());
                assertEquals(new ObjectMapper().readTree(numpy.get("config").asText()), infoVariant(info, variant).get("config"));
                assertEquals(SESSION, numpy.get("session").asText());
                assertEquals(LEARNED, numpy.get("standardizer_count").asLong(), "every labelled frame learned");
                assertTrue(numpy.get("model_version").asLong() > lastLearned.modelVersion(),
                        variant + ": the export is as of after the last labelled frame");

                JsonNode angles = numpy.get("decoded");
                assertEquals(PROBES, angles.size());
                double worst = 0;
                for (int i = 0; i < PROBES; i++) {
                    DecodedRecord d = probed.get(i);
                    assertEquals(LEARNED + i, d.frameIndex());
                    assertEquals(numpy.get("model_version").asLong(), d.modelVersion());
                    assertEquals(hash, d.configHash());
                    worst = Math.max(worst, Angles.circularDistance(d.decodedDegrees(), angles.get(i).asDouble(), 360));
                }
                System.out.printf("%s: numpy vs service decoded angle, worst of %d frames: %.2e deg%n", variant,
                        PROBES, worst);
                // The service sums in float32, numpy in float64: measured 2e-5 degree apart at most.
                assertTrue(worst < 5e-4, variant + ": numpy and the service differ by up to " + worst + " deg");
            }
            assertEquals(List.of("linear", "relu200"), List.of(info.get("variants").get(0).get("name").asText(),
                    info.get("variants").get(1).get("name").asText()));
            assertTrue(info.get("admin_endpoints").asBoolean());
            assertTrue(!info.toString().contains(TOKEN), "no token in /info");
        }
    }

    private static JsonNode infoVariant(JsonNode info, String name) {
        for (JsonNode v : info.get("variants")) {
            if (v.get("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("/info has no variant " + name + ": " + info);
    }

    /** Runs the README's {@code decode} on every probe frame; prints what the test compares, as JSON. */
    private static String numpyDecode(Path dir, Path archive, int neurons) throws Exception {
        String script = readmeDecodeFunction() + "\n" + String.join("\n",
                "import hashlib, json",
                "model = np.load('" + archive + "')",
                "x = np.fromfile('" + dir.resolve("probes.f32") + "', dtype='<f4').reshape(-1, " + neurons + ")",
                "config = str(model['config'])",
                "print(json.dumps({'decoded': [float(decode(model, row)) for row in x],",
                "    'build': str(model['build']), 'config_hash': str(model['config_hash']), 'config': config,",
                "    'sha256_of_config': hashlib.sha256(config.encode()).hexdigest()[:12],",
                "    'session': str(model['session']), 'standardizer_count': int(model['standardizer_count']),",
                "    'model_version': int(model['model_version'])}))");
        Path file = Files.writeString(dir.resolve("decode.py"), script);
        Process p = new ProcessBuilder("/usr/bin/python3", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), "python (needs python3-numpy) failed:\n" + script + "\n" + out);
        return out;
    }

    /** The README's numpy example of decoding with an exported model, exactly as printed there. */
    static String readmeDecodeFunction() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher m = Pattern.compile("```python\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (m.find()) {
            if (m.group(1).contains("def decode(model, x)")) {
                return m.group(1);
            }
        }
        throw new AssertionError("README.md has no python block with def decode(model, x)");
    }

    private static void send(KafkaProducer<String, byte[]> producer, ServiceConfig config, Trial t, int k,
                             boolean labelled) {
        Frame frame = new Frame(k, 1_000_000L * k + 1, labelled ? t.stimulusDegrees() : Double.NaN, t.responses());
        producer.send(new ProducerRecord<>(config.topics().frames(), SESSION, FrameCodec.encode(frame)));
        producer.flush();
    }

    private static List<DecodedRecord> decoded(ServiceConfig config, int expected) {
        List<DecodedRecord> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.read(kafka.bootstrapServers(), config.topics().decoded(),
                expected, Duration.ofMinutes(3))) {
            out.add(DecodedRecord.fromJson(r.value()));
        }
        return out;
    }

    private static ServiceConfig config() {
        Map<String, String> flags = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "topics.prefix", "export.",
                "topics.partitions", "1", "http.port", "0", "kafka.group.id", "export.group", "admin.token", TOKEN);
        return ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), flags));
    }

    private HttpResponse<byte[]> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> text(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 0),
                new StringSerializer(), new ByteArraySerializer());
    }
}
