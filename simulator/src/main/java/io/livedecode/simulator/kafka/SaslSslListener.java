package io.livedecode.simulator.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A broker listener that requires SCRAM-SHA-256 over TLS, for tests of secured clusters: a
 * self-signed certificate for 127.0.0.1 made with the JDK's {@code keytool}, a truststore holding
 * it, and SCRAM users seeded into the cluster's metadata when its storage is formatted (KRaft keeps
 * SCRAM credentials there). The broker talks to itself on the same listener as {@link #ADMIN}.
 * <pre>{@code
 * SaslSslListener tls = SaslSslListener.create(dir, Map.of("alice", "alice-pw"));
 * try (StandaloneKafka kafka = StandaloneKafka.start(BrokerSettings.defaults(), tls)) {
 *     Map<String, String> client = tls.clientProperties("alice", "alice-pw");
 * }
 * }</pre>
 */
public final class SaslSslListener {

    /** The mechanism the listener accepts. */
    public static final String MECHANISM = "SCRAM-SHA-256";
    /** The broker's own user, for its connections to itself. */
    public static final String ADMIN = "broker-admin";

    private static final String STORE_TYPE = "PKCS12";

    private final Path keystore;
    private final Path certificate;
    private final Path truststore;
    private final String storePassword;
    private final String adminPassword;
    private final Map<String, String> users;

    private SaslSslListener(Path keystore, Path certificate, Path truststore, String storePassword,
                            String adminPassword, Map<String, String> users) {
        this.keystore = keystore;
        this.certificate = certificate;
        this.truststore = truststore;
        this.storePassword = storePassword;
        this.adminPassword = adminPassword;
        this.users = users;
    }

    /**
     * Makes the broker's key pair and a truststore for clients under {@code dir}.
     *
     * @param users SCRAM users (name to password) the cluster will know besides {@link #ADMIN}
     */
    public static SaslSslListener create(Path dir, Map<String, String> users) {
        String storePassword = "store-" + Long.toHexString(System.nanoTime());
        Path keystore = dir.resolve("broker-keystore.p12");
        Path certificate = dir.resolve("broker.crt");
        Path truststore = dir.resolve("client-truststore.p12");
        // A certificate for the address clients dial: hostname verification (on by default) checks the SAN.
        selfSigned(dir, "broker", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost", keystore, certificate, truststore,
                storePassword);
        return new SaslSslListener(keystore, certificate, truststore, storePassword, "admin-" + Long.toHexString(System.nanoTime()),
                Map.copyOf(users));
    }

    /**
     * A truststore under {@code dir} that trusts some other, freshly made certificate and not this
     * broker's: what a client with the wrong CA has.
     */
    public Path strangerTruststore(Path dir) {
        Path keystore = dir.resolve("stranger-keystore.p12");
        Path certificate = dir.resolve("stranger.crt");
        Path store = dir.resolve("stranger-truststore.p12");
        selfSigned(dir, "stranger", "CN=stranger", "SAN=ip:127.0.0.1", keystore, certificate, store, storePassword);
        return store;
    }

    /** The broker's certificate as PEM, what a non-Java client (kafka-python's {@code ssl_cafile}) trusts. */
    public Path certificatePem() {
        return certificate;
    }

    public Path truststore() {
        return truststore;
    }

    public String truststorePassword() {
        return storePassword;
    }

    /** Broker properties: the client listener becomes SASL_SSL, the controller's stays plaintext on loopback. */
    BrokerSettings apply(BrokerSettings settings) {
        String listener = BrokerSettings.BROKER_LISTENER.toLowerCase(java.util.Locale.ROOT);
        return settings
                .withOverride("listener.security.protocol.map", BrokerSettings.BROKER_LISTENER + ":SASL_SSL,"
                        + BrokerSettings.CONTROLLER_LISTENER + ":PLAINTEXT")
                .withOverride("sasl.enabled.mechanisms", MECHANISM)
                .withOverride("sasl.mechanism.inter.broker.protocol", MECHANISM)
                .withOverride("listener.name." + listener + "." + MECHANISM.toLowerCase(java.util.Locale.ROOT)
                        + ".sasl.jaas.config", jaas(ADMIN, adminPassword))
                .withOverride("ssl.keystore.location", keystore.toString())
                .withOverride("ssl.keystore.type", STORE_TYPE)
                .withOverride("ssl.keystore.password", storePassword)
                .withOverride("ssl.key.password", storePassword)
                .withOverride("ssl.truststore.location", truststore.toString())
                .withOverride("ssl.truststore.type", STORE_TYPE)
                .withOverride("ssl.truststore.password", storePassword);
    }

    /** The {@code kafka-storage format --add-scram} arguments that create every user. */
    List<String> scramArguments() {
        Map<String, String> all = new LinkedHashMap<>(users);
        all.put(ADMIN, adminPassword);
        List<String> out = new ArrayList<>();
        all.forEach((name, password) -> out.add(MECHANISM + "=[name=" + name + ",password=" + password + "]"));
        return out;
    }

    /** Client properties that connect as {@code user} with {@code password} (right or wrong). */
    public Map<String, String> clientProperties(String user, String password) {
        return Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", jaas(user, password),
                "ssl.truststore.location", truststore.toString(), "ssl.truststore.type", STORE_TYPE,
                "ssl.truststore.password", storePassword);
    }

    /** The broker's own client properties, for its start-up check. */
    Map<String, String> adminClientProperties() {
        return clientProperties(ADMIN, adminPassword);
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /**
     * A key pair for {@code alias} in {@code keystore}, its certificate exported as PEM to
     * {@code certificate}, and a truststore holding that certificate alone.
     */
    private static void selfSigned(Path dir, String alias, String dname, String san, Path keystore, Path certificate,
                                   Path truststore, String password) {
        keytool(dir, "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", dname, "-ext", san, "-keystore", keystore.toString(),
                "-storetype", STORE_TYPE, "-storepass", password, "-keypass", password);
        keytool(dir, "-exportcert", "-rfc", "-alias", alias, "-file", certificate.toString(),
                "-keystore", keystore.toString(), "-storetype", STORE_TYPE, "-storepass", password);
        keytool(dir, "-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(),
                "-keystore", truststore.toString(), "-storetype", STORE_TYPE, "-storepass", password);
    }

    private static void keytool(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
