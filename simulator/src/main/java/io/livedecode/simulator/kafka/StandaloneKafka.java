package io.livedecode.simulator.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) in its own JVM process:
 * {@code kafka.Kafka} from the Kafka jars on this JVM's class path, with its own data directory,
 * formatted first as {@code kafka-storage format} would. Its ports are chosen once, so it can be
 * killed with SIGKILL and started again on the same ports and the same data, as a broker crash and
 * restart would. Tests use it where a broker fault matters:
 * <pre>{@code
 * try (StandaloneKafka kafka = StandaloneKafka.start(BrokerSettings.defaults())) {
 *     kafka.kill();      // kill -9
 *     kafka.restart();   // same ports, same data
 * }
 * }</pre>
 * Its output goes to {@code broker.log} in the data directory; {@link #close()} kills it and
 * deletes the directory.
 */
public final class StandaloneKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneKafka.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDirectory;
    private final Path properties;
    private final int brokerPort;
    private final Map<String, String> clientProperties;
    private Process process;

    private StandaloneKafka(Path dataDirectory, Path properties, int brokerPort, Map<String, String> clientProperties) {
        this.dataDirectory = dataDirectory;
        this.properties = properties;
        this.brokerPort = brokerPort;
        this.clientProperties = clientProperties;
    }

    /** Formats a fresh data directory and starts the broker; returns once it serves clients. */
    public static StandaloneKafka start(BrokerSettings settings) {
        return start(settings, null);
    }

    /**
     * As {@link #start(BrokerSettings)}, with the client listener secured by {@code security} (SCRAM
     * over TLS; its users are seeded at format time), or plaintext when it is null.
     */
    public static StandaloneKafka start(BrokerSettings settings, SaslSslListener security) {
        int[] ports = LoopbackPorts.free(2);
        try {
            Path dir = Files.createTempDirectory("livedecode-standalone-kafka-");
            BrokerSettings effective = security == null ? settings : security.apply(settings);
            Map<String, String> props = effective.brokerProperties(ports[0], ports[1], dir);
            EmbeddedKafka.format(new KafkaConfig(props, false), security == null ? List.of() : security.scramArguments());
            Properties p = new Properties();
            p.putAll(props);
            Path file = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "livedecode standalone test broker");
            }
            StandaloneKafka kafka = new StandaloneKafka(dir, file, ports[0],
                    security == null ? Map.of() : security.adminClientProperties());
            kafka.launch();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format a standalone Kafka data directory", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** The broker process's id while it runs. */
    public java.util.OptionalLong pid() {
        return alive() ? java.util.OptionalLong.of(process.pid()) : java.util.OptionalLong.empty();
    }

    /** SIGKILL: no flush, no controlled shutdown. */
    public void kill() {
        // restart() calls this too, usually after a kill: only a live process is killed and reported.
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("standalone Kafka on {} killed", brokerPort);
        }
    }

    /** Starts the broker again on the same ports and data; returns once it serves clients. */
    public void restart() {
        kill();
        launch();
    }

    private void launch() {
        long started = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), "kafka.Kafka", properties.toString()));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDirectory.resolve("broker.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start kafka.Kafka", e);
        }
        awaitServing(started);
    }

    private void awaitServing(long started) {
        long deadline = started + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("standalone Kafka exited with " + process.exitValue() + "; see "
                        + dataDirectory.resolve("broker.log"));
            }
            if (portOpen()) {
                Map<String, Object> admin = new java.util.HashMap<>(clientProperties);
                admin.put("bootstrap.servers", bootstrapServers());
                try (Admin client = Admin.create(admin)) {
                    client.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    LOG.info("standalone Kafka serving on {} after {} ms", bootstrapServers(),
                            (System.nanoTime() - started) / 1_000_000);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // Listening but not serving yet.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
            sleep(200);
        }
        throw new IllegalStateException("standalone Kafka did not serve within " + START_TIMEOUT + "; see "
                + dataDirectory.resolve("broker.log"));
    }

    private boolean portOpen() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", brokerPort), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        try {
            TreeDeletion.delete(dataDirectory);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dataDirectory, e.toString());
        }
    }
}
