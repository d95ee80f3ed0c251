package io.livedecode.decoder.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.service.DecoderService;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import io.livedecode.simulator.replay.ReplayOptions;
import io.livedecode.simulator.replay.ReplayProgress;
import io.livedecode.simulator.replay.Replayer;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The real decoder, fed by the simulator through a real broker, scraped by the Debian
 * Prometheus: every panel expression of every dashboard must return series, and every metric a
 * dashboard or alert names must be one the service exports.
 */
class LiveDashboardIT {

    @Test
    void everyDashboardQueryAnswersFromTheLiveService() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), Map.of(
                    "kafka.bootstrap.servers", kafka.bootstrapServers(), "http.port", "0", "topics.partitions", "2",
                    "decoder.variants", "linear,relu50")));
            try (DecoderService service = DecoderService.start(config);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                         kafka.bootstrapServers(), "linger.ms", 0), new StringSerializer(), new ByteArraySerializer())) {
                Replayer replayer = new Replayer(new SyntheticPopulation(PopulationConfig.defaults().withNeurons(3000)
                        .withTrials(500)), new ReplayOptions("live-1", 60, 0.8, 0, 0, true, 1));
                Thread replay = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        replayer.run(producer, config.topics().frames(), ReplayProgress.NONE);
                    } catch (InterruptedException | IllegalStateException e) {
                        // The test ends the replay by interrupting it.
                    }
                });
                producer.send(new ProducerRecord<>(config.topics().frames(), "live-1", new byte[] {1, 2, 3}));
                System.gc();
                try (PrometheusServer prometheus = PrometheusServer.start("127.0.0.1:" + service.httpPort(),
                        List.of(OpsFiles.alertRules()))) {
                    prometheus.awaitScrapes(8, Duration.ofSeconds(40));
                    checkDashboards(prometheus);
                    checkNamesExported(service);
                } finally {
                    replay.interrupt();
                    replay.join(10_000);
                }
            }
        }
    }

    private static void checkDashboards(PrometheusServer prometheus) {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (DashboardQueries dashboard : DashboardQueries.loadAll()) {
            Map<String, String> values = dashboard.resolveVariables(prometheus);
            for (DashboardQueries.Query query : dashboard.queries(values)) {
                checked++;
                try {
                    if (prometheus.query(query.expr()).isEmpty()) {
                        failures.add(query.where() + " returned no series: " + query.expr());
                    }
                } catch (RuntimeException e) {
                    failures.add(query.where() + " failed: " + e.getMessage());
                }
            }
        }
        int total = checked;
        System.out.printf("live dashboard check: %d expressions, %d failed%n", total, failures.size());
        assertTrue(total >= 20, "only " + total + " expressions checked");
        assertTrue(failures.isEmpty(), () -> failures.size() + " of " + total + " expressions failed:\n"
                + String.join("\n", failures));
    }

    private static void checkNamesExported(DecoderService service) {
        String scrape = service.registry().scrape();
        Set<String> names = new TreeSet<>(AlertRules.load(OpsFiles.alertRules()).metricNames());
        DashboardQueries.loadAll().forEach(d -> names.addAll(d.metricNames()));
        names.remove("up");
        Set<String> missing = new TreeSet<>();
        for (String name : names) {
            if (!scrape.contains("\n" + name + "{") && !scrape.contains("\n" + name + " ")) {
                missing.add(name);
            }
        }
        assertTrue(missing.isEmpty(), () -> "dashboards or alerts name metrics the service does not export: " + missing);
    }
}
