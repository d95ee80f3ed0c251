package io.livedecode.decoder.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How every Kafka client the project makes (the decoder's consumers and producers, replay's
 * producer, the topic admin) authenticates: the {@code kafka.security.protocol}, SASL mechanism,
 * user and password, and the truststore that vouches for the brokers' certificates. The JAAS line
 * Kafka wants is built here from the user and password, so no one writes a password into a
 * pass-through property by hand; {@link #toString()} and {@link #describe()} never show it.
 */
public final class KafkaSecurity {

    static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    static final List<String> TRUSTSTORE_TYPES = List.of("PKCS12", "JKS", "PEM");
    /** Kafka client properties these keys set; the same ones in a pass-through prefix would contradict them. */
    static final List<String> CLIENT_KEYS = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config",
            "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.type");

    private final String protocol;
    private final String mechanism;
    private final String username;
    private final String password;
    private final String truststoreLocation;
    private final String truststorePassword;
    private final String truststoreType;

    private KafkaSecurity(String protocol, String mechanism, String username, String password,
                          String truststoreLocation, String truststorePassword, String truststoreType) {
        this.protocol = protocol;
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
        this.truststoreLocation = truststoreLocation;
        this.truststorePassword = truststorePassword;
        this.truststoreType = truststoreType;
    }

    /** Plain TCP, no authentication: what a cluster without security wants. */
    public static KafkaSecurity plaintext() {
        return new KafkaSecurity("PLAINTEXT", "", "", "", "", "", "");
    }

    /** Parses the {@code kafka.security.*}, {@code kafka.sasl.*} and {@code kafka.ssl.*} keys of merged layers. */
    public static KafkaSecurity from(Map<String, String> merged) {
        return from(new ConfigValues(merged));
    }

    static KafkaSecurity from(ConfigValues v) {
        String protocol = oneOf(v, "kafka.security.protocol", PROTOCOLS);
        boolean sasl = protocol.startsWith("SASL_");
        boolean tls = protocol.endsWith("SSL");
        String username = v.text("kafka.sasl.username");
        String password = v.text("kafka.sasl.password");
        String mechanism = v.text("kafka.sasl.mechanism");
        if (sasl) {
            mechanism = oneOf(v, "kafka.sasl.mechanism", MECHANISMS);
            if (username.isEmpty()) {
                throw new ConfigException("kafka.sasl.username is empty; kafka.security.protocol=" + protocol
                        + " needs the user to authenticate as");
            }
            // The JAAS line quotes the user; a quote or backslash in a user name is a typing error.
            if (username.contains("\"") || username.contains("\\") || username.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException("kafka.sasl.username='" + username + "' contains a quote, backslash or control character");
            }
            // A line break ends a quoted JAAS value, and Kafka's parse error would then echo the rest.
            if (password.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException("kafka.sasl.password contains a line break or another control character, "
                        + "which a JAAS configuration cannot carry");
            }
            if (password.isEmpty()) {
                throw new ConfigException("kafka.sasl.password is empty; kafka.security.protocol=" + protocol
                        + " needs it: set " + ConfigLayers.environmentName("kafka.sasl.password")
                        + " or kafka.sasl.password in the configuration file");
            }
        } else if (!username.isEmpty() || !password.isEmpty()) {
            throw new ConfigException("kafka.sasl.username/password are set but kafka.security.protocol=" + protocol
                    + " does not use SASL; use SASL_SSL or SASL_PLAINTEXT");
        }
        String location = v.text("kafka.ssl.truststore.location");
        String storePassword = v.text("kafka.ssl.truststore.password");
        String type = v.text("kafka.ssl.truststore.type");
        if (tls) {
            if (!location.isEmpty() && !Files.isRegularFile(Path.of(location))) {
                throw new ConfigException("kafka.ssl.truststore.location=" + location + " is not a readable file");
            }
            type = type.isEmpty() ? "" : oneOf(v, "kafka.ssl.truststore.type", TRUSTSTORE_TYPES);
        } else if (!location.isEmpty() || !storePassword.isEmpty() || !type.isEmpty()) {
            throw new ConfigException("kafka.ssl.truststore.* is set but kafka.security.protocol=" + protocol
                    + " does not use TLS; use SSL or SASL_SSL");
        }
        return new KafkaSecurity(protocol, sasl ? mechanism : "", username, password, location, storePassword, type);
    }

    private static String oneOf(ConfigValues v, String key, List<String> allowed) {
        String value = v.text(key);
        if (!allowed.contains(value)) {
            throw new ConfigException(key + "='" + value + "' is not one of " + allowed);
        }
        return value;
    }

    public String protocol() {
        return protocol;
    }

    public boolean sasl() {
        return protocol.startsWith("SASL_");
    }

    public boolean tls() {
        return protocol.endsWith("SSL");
    }

    public String mechanism() {
        return mechanism;
    }

    public String username() {
        return username;
    }

    public String truststoreLocation() {
        return truststoreLocation;
    }

    /** Whether anything but the PLAINTEXT default is configured. */
    public boolean configured() {
        return !protocol.equals("PLAINTEXT");
    }

    /** The Kafka client properties that carry this security setting, the JAAS line included. */
    public Map<String, String> clientProperties() {
        Map<String, String> props = new TreeMap<>();
        props.put("security.protocol", protocol);
        if (sasl()) {
            props.put("sasl.mechanism", mechanism);
            String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            props.put("sasl.jaas.config", module + " required username=\"" + username + "\" password=\""
                    + jaasQuoted(password) + "\";");
        }
        if (!truststoreLocation.isEmpty()) {
            props.put("ssl.truststore.location", truststoreLocation);
        }
        if (!truststorePassword.isEmpty()) {
            props.put("ssl.truststore.password", truststorePassword);
        }
        if (!truststoreType.isEmpty()) {
            props.put("ssl.truststore.type", truststoreType);
        }
        return props;
    }

    /** Kafka's JAAS parser reads a quoted value with backslash escapes. */
    private static String jaasQuoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Who connects how, for messages: e.g. {@code user 'alice' (SCRAM-SHA-256) over SASL_SSL}; never a secret. */
    public String describe() {
        return sasl() ? "user '" + username + "' (" + mechanism + ") over " + protocol : protocol;
    }

    @Override
    public String toString() {
        return "KafkaSecurity[protocol=" + protocol + (sasl() ? ", mechanism=" + mechanism + ", user=" + username
                + ", password=****" : "") + (truststoreLocation.isEmpty() ? "" : ", truststore=" + truststoreLocation)
                + (truststorePassword.isEmpty() ? "" : ", truststorePassword=****") + "]";
    }
}
