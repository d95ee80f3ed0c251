package io.livedecode.decoder.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the Kafka cluster is and the client properties passed through untouched: {@code common}
 * goes to every client, {@code consumer}/{@code producer} only to theirs (so SASL and TLS need
 * no code).
 */
public record KafkaConfig(
        String bootstrapServers,
        String groupId,
        String clientId,
        String groupInstanceId,
        Map<String, String> common,
        Map<String, String> consumer,
        Map<String, String> producer) {

    static KafkaConfig from(ConfigValues v) {
        return new KafkaConfig(v.text("kafka.bootstrap.servers"), nonEmpty(v, "kafka.group.id"),
                nonEmpty(v, "kafka.client.id"), instanceId(v.text("kafka.group.instance.id")),
                Map.copyOf(v.withPrefix("kafka.common.")),
                Map.copyOf(v.withPrefix("kafka.consumer.")), Map.copyOf(v.withPrefix("kafka.producer.")));
    }

    /**
     * The static group member id: the configured one, else the host name (the pod name under
     * Kubernetes), so a restarted instance takes its partitions back without waiting for its old
     * group session to time out.
     */
    private static String instanceId(String configured) {
        if (!configured.isBlank()) {
            return configured;
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                throw new ConfigException("kafka.group.instance.id is empty and the host name is unknown ("
                        + e.getMessage() + "); set it");
            }
        }
        return host;
    }

    /** Fails with a message naming the key when no cluster is configured. */
    public KafkaConfig requireBootstrapServers() {
        if (bootstrapServers.isBlank()) {
            throw new ConfigException("kafka.bootstrap.servers is empty: pass --bootstrap-servers or set "
                    + ConfigLayers.environmentName("kafka.bootstrap.servers"));
        }
        return this;
    }

    /** Common properties overlaid with one client's own. */
    public Map<String, Object> clientProperties(Map<String, String> own) {
        Map<String, Object> props = new TreeMap<>(common);
        props.putAll(own);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    @Override
    public String toString() {
        return "KafkaConfig[bootstrap=" + bootstrapServers + ", group=" + groupId + ", client=" + clientId
                + ", instance=" + groupInstanceId + ", common=" + masked(common) + ", consumer=" + masked(consumer)
                + ", producer=" + masked(producer) + "]";
    }

    private static Map<String, String> masked(Map<String, String> props) {
        Map<String, String> out = new TreeMap<>();
        props.forEach((k, val) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            boolean secret = lower.contains("password") || lower.contains("jaas") || lower.contains("secret")
                    || lower.contains("key");
            out.put(k, secret ? "****" : val);
        });
        return out;
    }

    private static String nonEmpty(ConfigValues v, String key) {
        String value = v.text(key);
        if (value.isBlank()) {
            throw new ConfigException(key + " must not be empty");
        }
        return value;
    }
}
