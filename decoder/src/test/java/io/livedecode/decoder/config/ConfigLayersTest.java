package io.livedecode.decoder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLayersTest {

    private final ConfigLayers layers = ConfigLayers.withBuiltInDefaults();

    @Test
    void laterLayersWin(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ld.properties"), "http.port=9000\ntopics.prefix=file.\ndecoder.seed=5\n");
        Map<String, String> merged = layers.merge(file,
                Map.of("LIVEDECODE_HTTP_PORT", "9100", "LIVEDECODE_DECODER_SEED", "6", "UNRELATED", "x"),
                Map.of("http.port", "9200"));
        assertEquals("9200", merged.get("http.port"));
        assertEquals("6", merged.get("decoder.seed"));
        assertEquals("file.", merged.get("topics.prefix"));
        assertEquals("livedecode-decoder", merged.get("kafka.group.id"));
    }

    @Test
    void configFileFromEnvironmentAndPassThroughKeys(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"), "kafka.common.security.protocol=SASL_SSL\n");
        Map<String, String> merged = layers.merge(null, Map.of("LIVEDECODE_CONFIG", file.toString(),
                "LIVEDECODE_KAFKA_COMMON_SASL_MECHANISM", "SCRAM-SHA-512",
                "LIVEDECODE_KAFKA_PRODUCER_COMPRESSION_TYPE", "lz4"), Map.of());
        ServiceConfig config = ServiceConfig.from(merged);
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"), config.kafka().common());
        assertEquals(Map.of("compression.type", "lz4"), config.kafka().producer());
    }

    @Test
    void unknownKeysAreRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> layers.merge(null, Map.of(), Map.of("http.prot", "1")));
        assertTrue(e.getMessage().startsWith("unknown configuration key 'http.prot' from command line"), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> layers.merge(Path.of("/nonexistent/ld.properties"), Map.of(), Map.of()));
        assertEquals("configuration file /nonexistent/ld.properties does not exist or is not a file", missing.getMessage());
    }

    @Test
    void environmentNamesFollowTheRule() {
        assertEquals("LIVEDECODE_KAFKA_BOOTSTRAP_SERVERS", ConfigLayers.environmentName("kafka.bootstrap.servers"));
        assertEquals("LIVEDECODE_SNAPSHOT_INTERVAL_FRAMES", ConfigLayers.environmentName("snapshot.interval-frames"));
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("http.port=70000 is outside 0..65535", fail("http.port", "70000"));
        assertEquals("delivery.mode 'twice' is not one of [at-least-once, exactly-once]", fail("delivery.mode", "twice"));
        assertEquals("decoder.period-degrees=90 must be 180 or 360", fail("decoder.period-degrees", "90"));
        assertEquals("topics.partitions='six' is not a whole number", fail("topics.partitions", "six"));
        assertEquals("decoder.variants='linear,linear' names an item twice", fail("decoder.variants", "linear,linear"));
        assertEquals("validation.max-abs-response=-1 must be a positive finite number",
                fail("validation.max-abs-response", "-1"));
        assertEquals("snapshot.write-mb-per-s=100001 is outside 0..100000", fail("snapshot.write-mb-per-s", "100001"));
    }

    @Test
    void theSnapshotWriteRateIsInMegabytesPerSecondAndZeroLiftsIt() {
        assertEquals(20_000_000L, ServiceConfig.from(layers.merge(null, Map.of(), Map.of())).snapshotWriteBytesPerSecond());
        ServiceConfig unpaced = ServiceConfig.from(layers.merge(null, Map.of(), Map.of("snapshot.write-mb-per-s", "0")));
        assertEquals(0, unpaced.snapshotWriteBytesPerSecond());
        assertTrue(unpaced.toString().contains("snapshotWrite=unpaced"), unpaced.toString());
    }

    @Test
    void labelsAreOffByDefaultAndTakeThePrefix() {
        LabelSettings off = ServiceConfig.from(layers.merge(null, Map.of(), Map.of())).labels();
        assertFalse(off.enabled());
        assertEquals("labels", off.topic());
        assertEquals(150, off.lagFrames());
        assertEquals(10_000, off.maxWait().toMillis());
        LabelSettings on = ServiceConfig.from(layers.merge(null, Map.of(), Map.of("labels.enabled", "true",
                "topics.prefix", "lab1.", "topics.labels", "late", "labels.lag-frames", "30",
                "labels.max-wait-ms", "2500"))).labels();
        assertEquals(new LabelSettings(true, "lab1.late", 30, java.time.Duration.ofMillis(2500)), on);
        assertEquals("labels.enabled=true is not supported with delivery.mode=exactly-once yet;"
                + " use delivery.mode=at-least-once", assertThrows(ConfigException.class, () -> ServiceConfig.from(
                        layers.merge(null, Map.of(), Map.of("labels.enabled", "true", "delivery.mode", "exactly-once"))))
                .getMessage());
        assertEquals("labels.lag-frames=-1 is outside 0..1000000", fail("labels.lag-frames", "-1"));
        assertEquals("topics.labels 'a b' must be 1 to 200 characters of [a-zA-Z0-9._-]", fail("topics.labels", "a b"));
    }

    @Test
    void secretsStayOutOfToString() {
        ServiceConfig config = ServiceConfig.from(layers.merge(null, Map.of(), Map.of("admin.token", "hunter2",
                "kafka.common.sasl.jaas.config", "password=hunter2")));
        assertTrue(config.adminEnabled());
        assertFalse(config.toString().contains("hunter2"), config.toString());
        assertTrue(config.toString().contains("sasl.jaas.config=****"), config.toString());
    }

    private String fail(String key, String value) {
        return assertThrows(ConfigException.class,
                () -> ServiceConfig.from(layers.merge(null, Map.of(), Map.of(key, value)))).getMessage();
    }
}
