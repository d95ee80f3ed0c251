package io.livedecode.decoder.cli;

import io.livedecode.decoder.bench.LatencyBenchmark;
import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.simulator.kafka.KafkaEndpoint;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Measures end-to-end latency through the decoder beside a bare Kafka hop and a pass-through decoder. */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"End-to-end latency benchmark: frame produced -> decoded record consumed, at a fixed",
                "rate and at the maximum rate, beside two references measured in the same run through the",
                "same broker: a bare Kafka hop of the same frame bytes, and a pass-through decoder (the same",
                "loop publishing records of the same shape, no model). Prints decoded minus pass-through and a",
                "per-stage breakdown from the service's own timestamps."})
final class LatencyCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--frames", paramLabel = "N", description = "Frames per path and mode (default: ${DEFAULT-VALUE}).")
    int frames = 600;

    @Option(names = "--rate", paramLabel = "HZ", description = "Fixed rate in frames/s (default: ${DEFAULT-VALUE}).")
    double rate = 30;

    @Option(names = "--max-rate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also measure at the maximum rate (default: on; --no-max-rate skips it).")
    boolean maxRate = true;

    @Option(names = "--variants", paramLabel = "A,B", split = ",",
            description = "Decoder variants (default: the service's decoder.variants, ${DEFAULT-VALUE}).")
    List<String> variants = defaultVariants();

    @Option(names = "--snapshot-interval", paramLabel = "FRAMES",
            description = "The decoder's snapshot.interval-frames (default: the service's, ${DEFAULT-VALUE}).")
    int snapshotInterval = Integer.parseInt(defaults().get("snapshot.interval-frames"));

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A service setting for both services, e.g. delivery.learn-after-ack-ms=0 or"
                    + " decoder.kernel-threads=2 (repeatable; topics, variants, snapshots and pass-through are the"
                    + " benchmark's).")
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    @Mixin
    BrokerOption broker = new BrokerOption();

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || snapshotInterval < 1) {
            throw new IllegalArgumentException("--frames " + frames + " and --snapshot-interval " + snapshotInterval
                    + " must be at least 1");
        }
        try (KafkaEndpoint kafka = broker.open()) {
            System.out.printf("latency benchmark: %s, variants %s, snapshots every %d frames, broker %s%s%n",
                    source.describe(), String.join(",", variants), snapshotInterval, kafka.bootstrapServers(),
                    settings.isEmpty() ? "" : ", settings " + settings);
            LatencyBenchmark bench = new LatencyBenchmark(kafka.bootstrapServers(), source.open(), variants,
                    snapshotInterval, settings, System.out);
            bench.run(frames, maxRate ? new double[] {rate, 0} : new double[] {rate});
        }
        return 0;
    }

    private static java.util.Map<String, String> defaults() {
        return ConfigLayers.withBuiltInDefaults().merge(null, java.util.Map.of(), java.util.Map.of());
    }

    private static List<String> defaultVariants() {
        return Arrays.stream(defaults().get("decoder.variants").split(",")).map(String::trim).toList();
    }
}
