package io.livedecode.decoder.cli;

import io.livedecode.decoder.bench.LatencyBenchmark;
import io.livedecode.simulator.kafka.KafkaEndpoint;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Measures end-to-end latency through the decoder beside a bare Kafka round trip. */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"End-to-end latency benchmark beside a bare Kafka round trip in the same run.",
                "Frame produced -> decoded record consumed, at a fixed",
                "rate and at the maximum rate, printed beside a bare Kafka round trip of the same frame",
                "bytes through the same broker in the same run."})
final class LatencyCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--frames", paramLabel = "N", description = "Frames per mode (default: ${DEFAULT-VALUE}).")
    int frames = 600;

    @Option(names = "--rate", paramLabel = "HZ", description = "Fixed rate in frames/s (default: ${DEFAULT-VALUE}).")
    double rate = 30;

    @Option(names = "--variant", paramLabel = "NAME", description = "Decoder variant (default: ${DEFAULT-VALUE}).")
    String variant = "relu200";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Use this Kafka instead of an embedded broker.")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        try (KafkaEndpoint kafka = KafkaEndpoint.open(bootstrapServers, System.getenv())) {
            System.out.printf("latency benchmark: %s, variant %s, broker %s%n", source.describe(), variant,
                    kafka.bootstrapServers());
            LatencyBenchmark bench = new LatencyBenchmark(kafka.bootstrapServers(), source.open(), variant, System.out);
            bench.print(bench.run(frames, rate, 0));
        }
        return 0;
    }
}
