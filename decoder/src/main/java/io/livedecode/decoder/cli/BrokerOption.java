package io.livedecode.decoder.cli;

import io.livedecode.simulator.kafka.KafkaEndpoint;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The broker of a command that brings its own: an external cluster when one is named (the option,
 * or {@code LIVEDECODE_KAFKA_BOOTSTRAP_SERVERS}), otherwise an embedded one for the command's run.
 */
final class BrokerOption {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Use this Kafka instead of an embedded broker.")
    String bootstrapServers;

    /** Whether an external cluster is named, on the command line or in the environment. */
    boolean external() {
        return KafkaEndpoint.externalBootstrap(bootstrapServers, environment()).isPresent();
    }

    KafkaEndpoint open() {
        return KafkaEndpoint.open(bootstrapServers, environment());
    }

    private static Map<String, String> environment() {
        return System.getenv();
    }
}
