package io.livedecode.decoder.cli;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.service.DecoderService;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the decoder service against an existing Kafka cluster until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the decoder service against an external Kafka cluster.",
                "Configuration: defaults < --config FILE (or LIVEDECODE_CONFIG) < LIVEDECODE_* environment < flags."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with configuration keys.")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster (kafka.bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port of the live page, /metrics, /health, /ready.")
    Integer httpPort;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any configuration key, e.g. --set delivery.mode=exactly-once.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(configFile, System.getenv(),
                flags()));
        config.kafka().requireBootstrapServers();
        DecoderService service = DecoderService.start(config);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            service.close();
            done.countDown();
        }));
        System.err.printf("livedecode serving: live page http://localhost:%d/ (metrics at /metrics), kafka %s%n",
                service.httpPort(), config.kafka().bootstrapServers());
        done.await();
        return 0;
    }

    private Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            flags.put("kafka.bootstrap.servers", bootstrapServers);
        }
        if (httpPort != null) {
            flags.put("http.port", httpPort.toString());
        }
        return flags;
    }
}
