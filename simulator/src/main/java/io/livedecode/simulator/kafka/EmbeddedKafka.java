package io.livedecode.simulator.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM
 * on free loopback ports, with its logs in a fresh temporary directory that {@link #close()}
 * deletes.
 *
 * <p>Start it once and share it: start-up takes seconds. As in a standalone broker, a fatal
 * metadata fault halts the JVM rather than leaving a broken broker running.
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Free ports are found then released; another process may take one before the broker binds. */
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path dataDirectory;
    private final int brokerPort;
    private final int controllerPort;
    private final Duration startupTime;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDirectory, int brokerPort,
                          int controllerPort, Duration startupTime) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.startupTime = startupTime;
    }

    /** Starts a broker with {@link BrokerSettings#defaults()}; returns once it serves clients. */
    public static EmbeddedKafka start() {
        return start(BrokerSettings.defaults());
    }

    /** Starts a broker with the given settings; returns once it serves clients. */
    public static EmbeddedKafka start(BrokerSettings settings) {
        Objects.requireNonNull(settings, "settings");
        RuntimeException lastBindFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(settings);
            } catch (RuntimeException e) {
                if (!isBindFailure(e)) {
                    throw e;
                }
                LOG.warn("Embedded Kafka could not bind its ports (attempt {} of {}): {}",
                        attempt, START_ATTEMPTS, e.getMessage());
                lastBindFailure = e;
            }
        }
        throw new IllegalStateException(
                "Embedded Kafka found no free ports in " + START_ATTEMPTS + " attempts", lastBindFailure);
    }

    private static EmbeddedKafka startOnce(BrokerSettings settings) {
        int[] ports = LoopbackPorts.free(2);
        return startOn(settings, ports[0], ports[1]);
    }

    /** Starts on the given ports; on failure stops what started and deletes the directory. */
    static EmbeddedKafka startOn(BrokerSettings settings, int brokerPort, int controllerPort) {
        long started = System.nanoTime();
        Path dataDirectory = createDataDirectory();
        KafkaRaftServer server = null;
        try {
            KafkaConfig config = new KafkaConfig(
                    settings.brokerProperties(brokerPort, controllerPort, dataDirectory), false);
            format(config);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("Embedded Kafka serving on 127.0.0.1:{} after {} ms", brokerPort, startupTime.toMillis());
            return new EmbeddedKafka(server, dataDirectory, brokerPort, controllerPort, startupTime);
        } catch (RuntimeException e) {
            stopQuietly(server, e);
            deleteQuietly(dataDirectory, e);
            throw e;
        } catch (Exception e) {
            stopQuietly(server, e);
            deleteQuietly(dataDirectory, e);
            throw new IllegalStateException("Embedded Kafka failed to start in " + dataDirectory, e);
        }
    }

    /** Writes meta.properties and the bootstrap metadata, as {@code kafka-storage.sh format} does. */
    static void format(KafkaConfig config) throws Exception {
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(config.nodeId())
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir());
        config.logDirs().forEach(formatter::addDirectory);
        formatter.addDirectory(config.metadataLogDir());
        formatter.run();
    }

    /** The {@code bootstrap.servers} value clients use to reach this broker. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The loopback port clients connect to. */
    public int brokerPort() {
        return brokerPort;
    }

    /** The loopback port of the KRaft controller listener. */
    public int controllerPort() {
        return controllerPort;
    }

    /** The temporary directory holding the broker's logs and metadata; gone after close. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** How long {@link #start} took, from creating the directory to serving clients. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Stops the broker, waits for its threads to finish, releases its ports and deletes its
     * directory. Closing twice does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteRecursively(dataDirectory);
        }
        LOG.info("Embedded Kafka stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static Path createDataDirectory() {
        try {
            return Files.createTempDirectory("livedecode-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(KafkaRaftServer server, Exception failure) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteQuietly(Path directory, Exception failure) {
        try {
            deleteRecursively(directory);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try {
            TreeDeletion.delete(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Kafka directory " + directory, e);
        }
    }
}
