package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.KafkaSecurity;
import java.security.cert.CertificateException;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaAccessDeniedTest {

    private static final KafkaSecurity ALICE = KafkaSecurity.from(merged());

    private static Map<String, String> merged() {
        Map<String, String> m = new java.util.TreeMap<>(io.livedecode.decoder.config.ConfigLayers.withBuiltInDefaults()
                .merge(null, Map.of(), Map.of("kafka.security.protocol", "SASL_SSL", "kafka.sasl.username", "alice",
                        "kafka.sasl.password", "hunter2")));
        return m;
    }

    @Test
    void rejectedCredentialsNameUserMechanismAndAddress() {
        RuntimeException wrapped = new IllegalStateException("cannot create topic 'frames'",
                new SaslAuthenticationException("Authentication failed during authentication due to invalid credentials "
                        + "with SASL mechanism SCRAM-SHA-256"));
        RuntimeException clear = KafkaAccessDenied.explain(wrapped, ALICE, "127.0.0.1:9093");
        assertEquals("Kafka rejected the SASL credentials of user 'alice' (SCRAM-SHA-256) at 127.0.0.1:9093: "
                + "Authentication failed during authentication due to invalid credentials with SASL mechanism "
                + "SCRAM-SHA-256", clear.getMessage());
        assertTrue(clear instanceof KafkaAccessDenied);
    }

    @Test
    void credentialsFromAPassThroughPrefixAreNamedAsSuch() {
        RuntimeException clear = KafkaAccessDenied.explain(new SaslAuthenticationException("invalid credentials"),
                KafkaSecurity.plaintext(), "127.0.0.1:9093");
        assertEquals("Kafka rejected the SASL credentials set under kafka.common.*/consumer.*/producer.* at "
                + "127.0.0.1:9093: invalid credentials", clear.getMessage());
    }

    @Test
    void anUntrustedCertificateNamesTheTruststore() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertificateException("unable to find valid certification path to requested target"));
        RuntimeException clear = KafkaAccessDenied.explain(new SslAuthenticationException("SSL handshake failed", handshake),
                ALICE, "127.0.0.1:9093");
        assertEquals("cannot connect to Kafka at 127.0.0.1:9093 over SASL_SSL: the broker's certificate is not trusted "
                + "by the JDK's default CAs or not issued for that host name (unable to find valid certification path to requested target)",
                clear.getMessage());
    }

    @Test
    void anOutageIsNotAnAccessFailure() {
        RuntimeException outage = new IllegalStateException("creating topic 'frames' took over 60000 ms",
                new TimeoutException("timed out"));
        assertSame(outage, KafkaAccessDenied.explain(outage, ALICE, "127.0.0.1:9093"));
    }
}
