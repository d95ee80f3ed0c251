package io.livedecode.decoder.cli;

import io.livedecode.decoder.bench.SoakBenchmark;
import io.livedecode.simulator.kafka.BrokerSettings;
import io.livedecode.simulator.kafka.KafkaEndpoint;
import io.livedecode.simulator.kafka.StandaloneKafka;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A long fixed-rate run through the default decoder, printed per window so growth over time shows. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Soak test: frames at a fixed rate through the decoder with its default variants and",
                "snapshots, on a broker of its own in a child process (so this process's figures are the",
                "decoder's); per window prints heap after GC, resident set, latency p50/p99, processing",
                "time and the broker's resident set, then compares the last window with the second."})
final class SoakCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--minutes", paramLabel = "M", description = "Length of the run (default: ${DEFAULT-VALUE}).")
    double minutes = 60;

    @Option(names = "--window-minutes", paramLabel = "M", description = "Length of a window (default: ${DEFAULT-VALUE}).")
    double windowMinutes = 5;

    @Option(names = "--rate", paramLabel = "HZ", description = "Frames per second (default: ${DEFAULT-VALUE}).")
    double rate = 30;

    @Mixin
    BrokerOption broker = new BrokerOption();

    @Override
    public Integer call() throws Exception {
        if (!(minutes > 0) || !(windowMinutes > 0) || windowMinutes > minutes || !(rate > 0)) {
            throw new IllegalArgumentException("--minutes " + minutes + ", --window-minutes " + windowMinutes
                    + " and --rate " + rate + " must be positive, the window no longer than the run");
        }
        if (broker.external()) {
            try (KafkaEndpoint kafka = broker.open()) {
                soak(kafka.bootstrapServers(), () -> -1);
            }
        } else {
            try (StandaloneKafka kafka = StandaloneKafka.start(BrokerSettings.defaults())) {
                soak(kafka.bootstrapServers(), () -> kafka.pid().isPresent() ? SoakBenchmark.rss(kafka.pid().getAsLong()) : 0);
            }
        }
        return 0;
    }

    private void soak(String bootstrap, LongSupplier brokerRss) throws Exception {
        System.out.printf("soak benchmark: %s, broker %s%n", source.describe(), bootstrap);
        new SoakBenchmark(bootstrap, source.open(), System.out, brokerRss)
                .run(Duration.ofMillis(Math.round(minutes * 60_000)), Duration.ofMillis(Math.round(windowMinutes * 60_000)),
                        rate);
    }
}
