package io.livedecode.simulator.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where livedecode's Kafka clients connect: an external cluster named by a command-line flag or
 * by {@value #BOOTSTRAP_ENV}, or else an embedded broker started for this process.
 *
 * <p>The flag wins over the environment. Closing the endpoint stops the embedded broker, if one
 * was started, and leaves an external cluster alone.
 */
public final class KafkaEndpoint implements AutoCloseable {

    /** The environment variable naming an external cluster's bootstrap servers. */
    public static final String BOOTSTRAP_ENV = "LIVEDECODE_KAFKA_BOOTSTRAP_SERVERS";

    private final String bootstrapServers;
    private final EmbeddedKafka broker;

    private KafkaEndpoint(String bootstrapServers, EmbeddedKafka broker) {
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
    }

    /**
     * Connects to the external cluster named by {@code flagValue} or the environment, or starts an
     * embedded broker with default settings when neither names one.
     *
     * @param flagValue   the bootstrap-servers flag, or null when it was not given
     * @param environment the process environment, usually {@code System.getenv()}
     */
    public static KafkaEndpoint open(String flagValue, Map<String, String> environment) {
        return open(flagValue, environment, BrokerSettings.defaults());
    }

    /** As {@link #open(String, Map)}, starting an embedded broker with {@code settings} if needed. */
    public static KafkaEndpoint open(String flagValue, Map<String, String> environment, BrokerSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Optional<String> external = externalBootstrap(flagValue, environment);
        if (external.isPresent()) {
            return new KafkaEndpoint(external.get(), null);
        }
        EmbeddedKafka broker = EmbeddedKafka.start(settings);
        return new KafkaEndpoint(broker.bootstrapServers(), broker);
    }

    /**
     * The external cluster to use, if any: the flag when given, else the environment variable when
     * set and not blank. A blank flag is an error, since it was typed on purpose.
     *
     * @return the validated, whitespace-trimmed bootstrap list, or empty for an embedded broker
     * @throws IllegalArgumentException if the chosen value is not a list of host:port
     */
    public static Optional<String> externalBootstrap(String flagValue, Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        if (flagValue != null) {
            return Optional.of(validate(flagValue, "--bootstrap-servers"));
        }
        String fromEnvironment = environment.get(BOOTSTRAP_ENV);
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(validate(fromEnvironment, BOOTSTRAP_ENV));
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker this endpoint started, or empty for an external cluster. */
    public Optional<EmbeddedKafka> embeddedBroker() {
        return Optional.ofNullable(broker);
    }

    /** Whether clients talk to a broker inside this process. */
    public boolean isEmbedded() {
        return broker != null;
    }

    /** Stops the embedded broker, if this endpoint started one. */
    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    public String toString() {
        return (isEmbedded() ? "embedded Kafka at " : "external Kafka at ") + bootstrapServers;
    }

    private static String validate(String value, String source) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(source + " is blank; give host:port[,host:port...]");
        }
        List<String> servers = new ArrayList<>();
        for (String raw : value.split(",", -1)) {
            String server = raw.trim();
            int colon = server.lastIndexOf(':');
            String host = colon < 0 ? "" : server.substring(0, colon);
            String port = colon < 0 ? "" : server.substring(colon + 1);
            if (host.isEmpty() || host.contains("/") || !isPort(port)) {
                throw new IllegalArgumentException(source + " has '" + server + "' in '" + value
                        + "'; each entry must be host:port with a port in 1..65535");
            }
            servers.add(server);
        }
        return String.join(",", servers);
    }

    private static boolean isPort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65_535;
    }
}
