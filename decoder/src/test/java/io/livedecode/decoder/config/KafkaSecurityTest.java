package io.livedecode.decoder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

    private static final String SECRET = "s3cr\"et\\pw";
    private final ConfigLayers layers = ConfigLayers.withBuiltInDefaults();

    @Test
    void plaintextByDefaultAddsNoClientProperties() {
        KafkaConfig kafka = ServiceConfig.from(layers.merge(null, Map.of(), Map.of())).kafka();
        assertFalse(kafka.security().configured());
        assertEquals("PLAINTEXT", kafka.security().protocol());
        assertEquals(Map.of("bootstrap.servers", ""), kafka.clientProperties(Map.of()));
    }

    @Test
    void scramOverTlsBuildsTheJaasLineFromTheEnvironmentPassword(@TempDir Path dir) throws Exception {
        Path truststore = Files.writeString(dir.resolve("trust.p12"), "not read here");
        Map<String, String> env = Map.of("LIVEDECODE_KAFKA_SASL_PASSWORD", SECRET,
                "LIVEDECODE_KAFKA_SSL_TRUSTSTORE_PASSWORD", "storepw");
        ServiceConfig config = ServiceConfig.from(layers.merge(null, env, Map.of("kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512", "kafka.sasl.username", "alice",
                "kafka.ssl.truststore.location", truststore.toString(), "kafka.ssl.truststore.type", "PKCS12",
                "kafka.common.linger.ms", "3")));
        Map<String, Object> props = config.kafka().clientProperties(config.kafka().producer());
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
        // The quote and backslash in the password are escaped as Kafka's JAAS parser reads them.
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" "
                + "password=\"s3cr\\\"et\\\\pw\";", props.get("sasl.jaas.config"));
        assertEquals(truststore.toString(), props.get("ssl.truststore.location"));
        assertEquals("storepw", props.get("ssl.truststore.password"));
        assertEquals("PKCS12", props.get("ssl.truststore.type"));
        assertEquals("3", props.get("linger.ms"));
        assertEquals("user 'alice' (SCRAM-SHA-512) over SASL_SSL", config.kafka().security().describe());
        for (String text : new String[] {config.toString(), config.kafka().toString(),
                config.kafka().security().toString(), config.kafka().security().describe()}) {
            assertFalse(text.contains("s3cr"), text);
            assertFalse(text.contains("storepw"), text);
        }
        assertTrue(config.toString().contains("password=****"), config.toString());
    }

    @Test
    void kafkasOwnJaasParserReadsBackThePasswordVerbatim(@TempDir Path dir) throws Exception {
        String password = " \"q\" back\\slash; /* not a comment */ trailing\\ ";
        Path file = Files.writeString(dir.resolve("sasl.properties"), "kafka.security.protocol=SASL_SSL\n"
                + "kafka.sasl.mechanism=SCRAM-SHA-256\nkafka.sasl.username=alice\n");
        // The password comes from the environment with a space at each end, kept as given.
        KafkaConfig kafka = ServiceConfig.from(layers.merge(file, Map.of("LIVEDECODE_KAFKA_SASL_PASSWORD", password),
                Map.of())).kafka();
        javax.security.auth.login.AppConfigurationEntry entry = org.apache.kafka.common.security.JaasContext
                .loadClientContext(Map.of("sasl.jaas.config", new org.apache.kafka.common.config.types.Password(
                        (String) kafka.clientProperties(Map.of()).get("sasl.jaas.config"))))
                .configurationEntries().get(0);
        assertEquals("alice", entry.getOptions().get("username"));
        assertEquals(password, entry.getOptions().get("password"));
    }

    @Test
    void plainOverSaslPlaintextUsesThePlainModule() {
        KafkaConfig kafka = kafka(Map.of("kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.username", "bob", "kafka.sasl.password", "pw"));
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"bob\" password=\"pw\";",
                kafka.clientProperties(Map.of()).get("sasl.jaas.config"));
        assertFalse(kafka.clientProperties(Map.of()).containsKey("ssl.truststore.location"));
    }

    @Test
    void badValuesAreNamed(@TempDir Path dir) {
        assertEquals("kafka.security.protocol='SASL' is not one of [PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL]",
                fail(Map.of("kafka.security.protocol", "SASL")));
        assertEquals("kafka.sasl.mechanism='GSSAPI' is not one of [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512]",
                fail(sasl(Map.of("kafka.sasl.mechanism", "GSSAPI"))));
        assertEquals("kafka.sasl.username is empty; kafka.security.protocol=SASL_SSL needs the user to authenticate as",
                fail(sasl(Map.of("kafka.sasl.username", ""))));
        assertEquals("kafka.sasl.password is empty; kafka.security.protocol=SASL_SSL needs it: set "
                + "LIVEDECODE_KAFKA_SASL_PASSWORD or kafka.sasl.password in the configuration file",
                fail(sasl(Map.of("kafka.sasl.password", ""))));
        assertEquals("kafka.sasl.username='al\"ice' contains a quote, backslash or control character",
                fail(sasl(Map.of("kafka.sasl.username", "al\"ice"))));
        Path missing = dir.resolve("none.p12");
        assertEquals("kafka.ssl.truststore.location=" + missing + " is not a readable file",
                fail(sasl(Map.of("kafka.ssl.truststore.location", missing.toString()))));
        assertEquals("kafka.ssl.truststore.type='P12' is not one of [PKCS12, JKS, PEM]",
                fail(sasl(Map.of("kafka.ssl.truststore.type", "P12"))));
        assertEquals("kafka.sasl.username/password are set but kafka.security.protocol=SSL does not use SASL; "
                + "use SASL_SSL or SASL_PLAINTEXT", fail(Map.of("kafka.security.protocol", "SSL",
                "kafka.sasl.username", "alice")));
        assertEquals("kafka.ssl.truststore.* is set but kafka.security.protocol=SASL_PLAINTEXT does not use TLS; "
                + "use SSL or SASL_SSL", fail(sasl(Map.of("kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.ssl.truststore.type", "JKS"))));
        assertEquals("kafka.common.sasl.jaas.config is set as well as kafka.security.protocol=SASL_SSL; "
                + "use only the kafka.security/sasl/ssl keys", fail(sasl(Map.of("kafka.common.sasl.jaas.config", "x"))));
    }

    @Test
    void aPasswordWithALineBreakIsRefusedWithoutEchoingIt() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> kafka(sasl(Map.of("kafka.sasl.password", "top\nREST-OF-IT"))));
        assertEquals("kafka.sasl.password contains a line break or another control character, which a JAAS "
                + "configuration cannot carry", e.getMessage());
    }

    @Test
    void aBadValueMessageNeverCarriesThePassword() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> kafka(sasl(Map.of("kafka.sasl.mechanism", "SCRAM", "kafka.sasl.password", "hunter2"))));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    private static Map<String, String> sasl(Map<String, String> over) {
        Map<String, String> flags = new HashMap<>(Map.of("kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.username", "alice", "kafka.sasl.password", "pw"));
        flags.putAll(over);
        return flags;
    }

    private KafkaConfig kafka(Map<String, String> flags) {
        return ServiceConfig.from(layers.merge(null, Map.of(), flags)).kafka();
    }

    private String fail(Map<String, String> flags) {
        return assertThrows(ConfigException.class, () -> kafka(flags)).getMessage();
    }
}
