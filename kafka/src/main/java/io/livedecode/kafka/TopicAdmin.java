package io.livedecode.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates topics idempotently on any Kafka cluster and waits until every partition has a leader.
 *
 * <p>Extra client properties pass through unchanged, so SASL and TLS settings work:
 * <pre>{@code
 * try (TopicAdmin admin = TopicAdmin.connect(bootstrap, Map.of("security.protocol", "SASL_SSL"))) {
 *     admin.ensureTopics(List.of(TopicSpec.of("frames", 6), TopicSpec.compacted("snapshots", 6)));
 * }
 * }</pre>
 */
public final class TopicAdmin implements AutoCloseable {

    /** How long {@link #ensureTopics(Collection)} waits for topics to be ready. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long POLL_MILLIS = 50;

    private final Admin admin;

    private TopicAdmin(Admin admin) {
        this.admin = admin;
    }

    /** Connects to the cluster at {@code bootstrapServers} with default client settings. */
    public static TopicAdmin connect(String bootstrapServers) {
        return connect(bootstrapServers, Map.of());
    }

    /** Connects with extra admin client properties; {@code bootstrapServers} wins over theirs. */
    public static TopicAdmin connect(String bootstrapServers, Map<String, String> clientProperties) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(clientProperties, "clientProperties");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is blank");
        }
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "livedecode-topic-admin");
        return new TopicAdmin(Admin.create(config));
    }

    /** Connects with extra admin client properties given as {@link Properties}. */
    public static TopicAdmin connect(String bootstrapServers, Properties clientProperties) {
        Map<String, String> map = new LinkedHashMap<>();
        clientProperties.stringPropertyNames().forEach(key -> map.put(key, clientProperties.getProperty(key)));
        return connect(bootstrapServers, map);
    }

    /** Creates the topic unless it exists, then waits until it is ready. */
    public TopicStatus ensureTopic(TopicSpec topic) {
        return ensureTopics(List.of(topic)).getFirst();
    }

    /** Creates the topics that do not exist, then waits up to {@link #DEFAULT_TIMEOUT} until all are ready. */
    public List<TopicStatus> ensureTopics(Collection<TopicSpec> topics) {
        return ensureTopics(topics, DEFAULT_TIMEOUT);
    }

    /**
     * Creates the topics that do not exist, then waits until every partition of every topic has a
     * leader. An existing topic is accepted as it is, even with another partition count (it is
     * logged and reported in the result): repartitioning is an operator's decision.
     *
     * @return one status per topic, in the order given
     * @throws IllegalStateException if the cluster refuses a topic or it is not ready in time
     */
    public List<TopicStatus> ensureTopics(Collection<TopicSpec> topics, Duration timeout) {
        Objects.requireNonNull(topics, "topics");
        requirePositive(timeout);
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        for (TopicSpec topic : topics) {
            TopicSpec previous = byName.put(topic.name(), topic);
            if (previous != null && !previous.equals(topic)) {
                throw new IllegalArgumentException("topic '" + topic.name() + "' is asked for twice, differently: "
                        + previous + " and " + topic);
            }
        }
        if (byName.isEmpty()) {
            return List.of();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Boolean> created = create(byName.values(), deadline, timeout);
        Map<String, Integer> partitions = awaitLeaders(byName.keySet(), deadline, timeout);
        List<TopicStatus> statuses = new ArrayList<>(byName.size());
        for (TopicSpec topic : byName.values()) {
            int actual = partitions.get(topic.name());
            if (actual != topic.partitions()) {
                LOG.warn("Topic '{}' exists with {} partitions, not the {} asked for; using it as it is",
                        topic.name(), actual, topic.partitions());
            }
            statuses.add(new TopicStatus(topic.name(), actual, created.get(topic.name())));
        }
        return statuses;
    }

    private Map<String, Boolean> create(Collection<TopicSpec> topics, long deadline, Duration timeout) {
        List<NewTopic> requests = topics.stream().map(TopicAdmin::toNewTopic).toList();
        CreateTopicsOptions options = new CreateTopicsOptions().timeoutMs(clampToInt(timeout.toMillis()));
        CreateTopicsResult result = admin.createTopics(requests, options);
        Map<String, Boolean> created = new LinkedHashMap<>();
        for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
            try {
                entry.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                created.put(entry.getKey(), true);
            } catch (ExecutionException e) {
                // An existing topic is the idempotent case; every other refusal is the caller's to fix.
                if (e.getCause() instanceof TopicExistsException) {
                    created.put(entry.getKey(), false);
                } else {
                    throw new IllegalStateException("cannot create topic '" + entry.getKey() + "': "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("creating topic '" + entry.getKey() + "' took over "
                        + timeout.toMillis() + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic '" + entry.getKey() + "'", e);
            }
        }
        return created;
    }

    /** Polls until every partition has a leader; a new topic reaches brokers shortly after it is created. */
    private Map<String, Integer> awaitLeaders(Collection<String> names, long deadline, Duration timeout) {
        String lastProblem = "not described yet";
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(names)
                        .allTopicNames().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                Optional<String> notReady = firstLeaderless(descriptions);
                if (notReady.isEmpty()) {
                    Map<String, Integer> partitions = new HashMap<>();
                    descriptions.forEach((name, description) -> partitions.put(name, description.partitions().size()));
                    return partitions;
                }
                lastProblem = notReady.get();
            } catch (ExecutionException e) {
                // Metadata of a just-created topic may not have reached the broker we asked.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topics " + names + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
                lastProblem = e.getCause().getMessage();
            } catch (TimeoutException e) {
                lastProblem = "describing topics timed out";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics " + names, e);
            }
            if (remainingMillis(deadline) <= POLL_MILLIS) {
                throw new IllegalStateException("topics " + names + " not ready after "
                        + timeout.toMillis() + " ms: " + lastProblem);
            }
            sleep(POLL_MILLIS);
        }
    }

    private static Optional<String> firstLeaderless(Map<String, TopicDescription> descriptions) {
        for (TopicDescription description : descriptions.values()) {
            for (TopicPartitionInfo partition : description.partitions()) {
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    return Optional.of("partition " + partition.partition() + " of '"
                            + description.name() + "' has no leader");
                }
            }
        }
        return Optional.empty();
    }

    private static NewTopic toNewTopic(TopicSpec topic) {
        return new NewTopic(topic.name(), Optional.of(topic.partitions()), topic.replicationFactor())
                .configs(topic.configs());
    }

    private static void requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static int clampToInt(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topics", e);
        }
    }

    /** Closes the admin client and its network thread. */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
