package io.livedecode.simulator.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration of a single-node KRaft broker sized for tests and the demo.
 *
 * <p>The defaults make everything that a multi-node cluster needs replication for work on one
 * node: internal topics use replication factor 1 and min ISR 1 (so consumer groups and
 * transactions work), the first consumer group does not wait out a rebalance delay, and a
 * broker accepts records of up to {@link #MAX_MESSAGE_BYTES} so 94 KB frames fit easily.
 *
 * @param defaultPartitions partitions of topics the broker creates on first use
 * @param overrides         broker properties applied last, over everything else
 */
public record BrokerSettings(int defaultPartitions, Map<String, String> overrides) {

    /** Largest record batch the embedded broker accepts, in bytes. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    /** The name of the listener clients connect to. */
    static final String BROKER_LISTENER = "BROKER";

    /** The name of the listener the KRaft quorum talks on. */
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** The node id of the only node. */
    static final int NODE_ID = 1;

    public BrokerSettings {
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException(
                    "defaultPartitions must be at least 1, got " + defaultPartitions);
        }
        Objects.requireNonNull(overrides, "overrides");
        overrides.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null) {
                throw new IllegalArgumentException(
                        "broker override needs a non-blank key and a value, got " + key + "=" + value);
            }
        });
        overrides = Map.copyOf(overrides);
    }

    /** Three partitions per auto-created topic and no overrides. */
    public static BrokerSettings defaults() {
        return new BrokerSettings(3, Map.of());
    }

    /** These settings with another partition count for auto-created topics. */
    public BrokerSettings withDefaultPartitions(int partitions) {
        return new BrokerSettings(partitions, overrides);
    }

    /** These settings with one more broker property, applied over the defaults. */
    public BrokerSettings withOverride(String key, String value) {
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.put(key, value);
        return new BrokerSettings(defaultPartitions, merged);
    }

    /**
     * The broker properties for a node listening on the given loopback ports and storing its logs
     * under {@code dataDirectory}.
     */
    public Map<String, String> brokerProperties(int brokerPort, int controllerPort, Path dataDirectory) {
        requirePort("brokerPort", brokerPort);
        requirePort("controllerPort", controllerPort);
        if (brokerPort == controllerPort) {
            throw new IllegalArgumentException(
                    "broker and controller need different ports, both are " + brokerPort);
        }
        Map<String, String> p = new LinkedHashMap<>();
        // One process plays both KRaft roles; the quorum is this node alone.
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort
                + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("controller.listener.names", CONTROLLER_LISTENER);

        p.put("log.dirs", dataDirectory.resolve("logs").toString());
        p.put("metadata.log.dir", dataDirectory.resolve("metadata").toString());

        // Internal topics default to replication factor 3, which one node can never satisfy:
        // group offsets and transactions would then fail with COORDINATOR_NOT_AVAILABLE.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", Integer.toString(defaultPartitions));

        // Tests and the demo start consuming at once; the default waits 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");

        p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        // The cleaner allocates its dedupe buffer up front; the default 128 MiB is wasted here.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("background.threads", "2");

        // A machine may be slow and busy; give the single node time rather than failing start-up.
        p.put("server.max.startup.time.ms", "120000");

        p.putAll(overrides);
        return p;
    }

    private static void requirePort(String name, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be in 1..65535, got " + port);
        }
    }
}
