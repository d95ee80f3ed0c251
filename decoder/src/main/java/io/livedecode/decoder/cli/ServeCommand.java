package io.livedecode.decoder.cli;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.service.DecoderService;
import io.livedecode.decoder.service.KafkaAccessDenied;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
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
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            service.close();
            done.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        AtomicReference<KafkaAccessDenied> denied = new AtomicReference<>();
        service.accessDenied().thenAccept(d -> {
            denied.set(d);
            done.countDown();
        });
        System.err.printf("livedecode serving: live page http://localhost:%d/ (metrics at /metrics), kafka %s%n",
                service.httpPort(), config.kafka().bootstrapServers());
        done.await();
        if (denied.get() != null) {
            // Credentials or certificates do not fix themselves: stop, and say why, instead of serving a dead loop.
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                service.close();
            } catch (IllegalStateException e) {
                // Already shutting down: the hook closes the service.
            }
            throw denied.get();
        }
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
