package io.livedecode.decoder.cli;

import io.livedecode.decoder.config.ConfigException;
import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.KafkaSecurity;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.service.DecoderService;
import io.livedecode.decoder.service.OutputListener;
import io.livedecode.decoder.service.StageListener;
import io.livedecode.protocol.Topics;
import io.livedecode.simulator.kafka.KafkaEndpoint;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.replay.ReplayOptions;
import io.livedecode.simulator.replay.ReplayProgress;
import io.livedecode.simulator.replay.ReplaySummary;
import io.livedecode.simulator.replay.Replayer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The whole pipeline in one process: an embedded Kafka broker, the decoder service and the
 * simulator replaying the synthetic session, with a live summary and a closing table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline in one process: embedded Kafka, decoder and simulator.",
                "A synthetic 23,589-neuron session is replayed at a speed factor into an embedded broker and",
                "decoded live; a summary line every two seconds, the live page and metrics URLs while it runs,",
                "and a closing table. Ends by itself, unless --keep-running or --loop keeps it up until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--speed", paramLabel = "X|max", description = "Speed factor over real time (default: ${DEFAULT-VALUE}).")
    String speed = "100";

    @Option(names = "--frames", paramLabel = "N",
            description = "Frames to replay (default: 3000; with --loop, no limit).")
    Long frames;

    @Option(names = "--keep-running", description = "After the replay and the closing table, keep the decoder and the"
            + " live page up until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--loop", description = "Replay the session over and over until Ctrl-C (figures then cover the"
            + " last 100,000 or more records per variant).")
    boolean loop;

    @Option(names = "--labelled-fraction", paramLabel = "F", description = "Share of labelled frames (default: ${DEFAULT-VALUE}).")
    double labelledFraction = 1.0;

    @Option(names = "--variants", paramLabel = "LIST", description = "Decoder variants (default: ${DEFAULT-VALUE}).")
    String variants = "linear,relu200";

    @Option(names = "--no-warmup", description = "Start decoding without first compiling the variants' code at the"
            + " session's neuron count (decoder.warmup-neurons=0), to see the start-up stall it avoids.")
    boolean noWarmup;

    @Option(names = "--stages", description = "After the closing table, break the replayed session's latency down by"
            + " the service's stages (poll wait, validate, predict, serialise, send, second hop, learn) for the"
            + " first 2 s, up to 10 s and the rest.")
    boolean stages;

    /** The session's neuron count, or 0 with --no-warmup. */
    private int warmupNeurons;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Port of the live page and metrics; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort = 8080;

    @Mixin
    BrokerOption broker = new BrokerOption();

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file whose kafka.security/sasl/ssl keys log in to the --bootstrap-servers cluster "
                    + "(LIVEDECODE_KAFKA_SASL_PASSWORD and the other environment variables work too).")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        // The live summary is the demo's output; the service's own info lines would interleave with it.
        System.setProperty("org.slf4j.simpleLogger.log.io.livedecode", "warn");
        long begin = System.nanoTime();
        PrintStream out = System.out;
        StopSignal stop = keepRunning || loop ? StopSignal.onCtrlC() : StopSignal.NEVER;
        try {
            return run(begin, out, stop);
        } finally {
            stop.done();
        }
    }

    private int run(long begin, PrintStream out, StopSignal stop) throws Exception {
        out.println("livedecode demo: starting an embedded Kafka broker ...");
        Map<String, String> security = securityKeys();
        if (!broker.external()
                && KafkaSecurity.from(security).configured()) {
            throw new ConfigException("kafka.security.protocol=" + KafkaSecurity.from(security).protocol()
                    + " is for an external cluster: pass --bootstrap-servers (the embedded broker is plaintext)");
        }
        TrialSource trials = source.open();
        warmupNeurons = noWarmup ? 0 : trials.neurons();
        // The warm-up needs no broker: it compiles while the broker starts, and the service waits for the same one.
        DecoderService.warmUp(serviceConfig("not-yet-started:9092", httpPort, security));
        try (KafkaEndpoint kafka = broker.open()) {
            long brokerUp = System.nanoTime();
            out.printf("  kafka at %s (%s)%n", kafka.bootstrapServers(), kafka.isEmbedded() ? "embedded KRaft" : "external");
            ServiceConfig config = serviceConfig(kafka.bootstrapServers(), httpPort, security);
            // Beside the decoder's start (topics, group join, its warm-up's end): the replay waits for both.
            CompletableFuture<Duration> brokerWarmup = kafka.isEmbedded() && !noWarmup
                    ? CompletableFuture.supplyAsync(() -> BrokerWarmup.run(kafka.bootstrapServers(), trials.neurons()),
                            task -> Thread.ofPlatform().daemon().name("demo-broker-warmup").start(task))
                    : CompletableFuture.completedFuture(null);
            long limit = frames != null ? frames : loop ? 0 : 3000;
            DemoStages stageRecorder = stages ? new DemoStages(SESSION, (int) Math.min(limit == 0 ? STAGE_FRAMES : limit,
                    STAGE_FRAMES), config.variants()) : null;
            StageListener stageListener = stages ? stageRecorder : StageListener.NONE;
            try (DecoderService service = startService(config, kafka.bootstrapServers(), security, stageListener, out)) {
                out.printf("  decoder variants %s%n", config.variants());
                out.printf("  live page at http://localhost:%d/  (metrics at /metrics)%n", service.httpPort());
                awaitReady(service);
                long ready = System.nanoTime();
                if (warmupNeurons > 0) {
                    out.printf(Locale.ROOT, "  decoder code warmed up at %,d neurons in %.2f s%n", warmupNeurons,
                            service.warmup().toCompletableFuture().join().toNanos() / 1e9);
                }
                awaitBrokerWarmup(brokerWarmup, out);
                Topics topics = config.topics();
                ReplayOptions options = new ReplayOptions(SESSION, ReplayCommand.parseSpeed(speed),
                        labelledFraction, 0, limit, loop, 1);
                Replayer replayer = new Replayer(trials, options);
                out.printf("  replaying %s of a %s at %s%s%n%n", replayer.total() == Long.MAX_VALUE ? "frames"
                                : String.format(Locale.ROOT, "%,d frames", replayer.total()), source.describe(),
                        options.maxSpeed() ? "max speed" : "x" + speed + " real time",
                        loop ? ", over and over until Ctrl-C" : "");
                try (DecodedMonitor monitor = new DecodedMonitor(config.kafka(), topics.decoded(),
                        stages ? stageRecorder::arrived : DecodedMonitor.Arrivals.NONE)) {
                    Thread monitorThread = Thread.ofPlatform().name("demo-monitor").start(monitor);
                    LiveSummary live = new LiveSummary(monitor, out, replayer.total(), begin, stop);
                    ReplaySummary sent;
                    try (KafkaProducer<String, byte[]> producer = ReplayCommand.producer(config.kafka(),
                            kafka.bootstrapServers())) {
                        sent = replayer.run(producer, topics.frames(), live);
                    } catch (StopSignal.Stopped e) {
                        // Ctrl-C ended the replay: close with what was sent.
                        sent = live.soFar();
                    }
                    long expected = sent.frames() * config.variants().size();
                    long deadline = System.nanoTime() + 120_000_000_000L;
                    while (monitor.total() < expected && System.nanoTime() < deadline && !stop.requested()) {
                        live.report(sent.frames(), sent.frames());
                        Thread.sleep(100);
                    }
                    boolean complete = monitor.total() >= expected;
                    if (keepRunning && !stop.requested()) {
                        new DemoClosingTable(monitor, out).print(sent, expected, begin, brokerUp, ready, peakRssMegabytes());
                        printStages(stageRecorder, out);
                        out.printf("%nstill serving the live page at http://localhost:%d/ ; Ctrl-C to stop%n",
                                service.httpPort());
                        stop.await();
                        monitor.close();
                        monitorThread.join(5_000);
                        return complete ? 0 : 1;
                    }
                    monitor.close();
                    monitorThread.join(5_000);
                    new DemoClosingTable(monitor, out).print(sent, expected, begin, brokerUp, ready, peakRssMegabytes());
                    printStages(stageRecorder, out);
                    return complete || stop.requested() ? 0 : 1;
                }
            }
        }
    }

    /**
     * The security keys of the file and environment layers, and only those: the demo's own settings
     * (variants, port, group) stay as its options say.
     */
    private Map<String, String> securityKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        ConfigLayers.withBuiltInDefaults().merge(configFile, System.getenv(), Map.of()).forEach((k, v) -> {
            if (k.startsWith("kafka.security.") || k.startsWith("kafka.sasl.") || k.startsWith("kafka.ssl.")) {
                keys.put(k, v);
            }
        });
        return keys;
    }

    private ServiceConfig serviceConfig(String bootstrap, int port, Map<String, String> security) {
        Map<String, String> flags = new LinkedHashMap<>(security);
        flags.put("kafka.bootstrap.servers", bootstrap);
        flags.put("decoder.variants", variants);
        flags.put("http.port", Integer.toString(port));
        flags.put("kafka.group.id", "livedecode-demo");
        flags.put("decoder.warmup-neurons", Integer.toString(warmupNeurons));
        return ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), flags));
    }

    private void printStages(DemoStages recorder, PrintStream out) {
        if (recorder != null) {
            recorder.print(out);
        }
    }

    private DecoderService startService(ServiceConfig config, String bootstrap, Map<String, String> security,
                                        StageListener stageListener, PrintStream out) {
        try {
            return DecoderService.start(config, OutputListener.NONE, stageListener);
        } catch (IllegalStateException e) {
            if (config.httpPort() == 0) {
                throw e;
            }
            out.printf("  port %d is busy (%s); using a free port%n", config.httpPort(), e.getMessage());
            return DecoderService.start(serviceConfig(bootstrap, 0, security), OutputListener.NONE, stageListener);
        }
    }

    private static void awaitBrokerWarmup(CompletableFuture<Duration> warmup, PrintStream out) {
        try {
            Duration took = warmup.get(60, TimeUnit.SECONDS);
            if (took != null) {
                out.printf(Locale.ROOT, "  embedded broker warmed up with %d throw-away frames in %.2f s%n",
                        BrokerWarmup.FRAMES, took.toNanos() / 1e9);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            out.println("  the embedded broker's warm-up did not finish (" + e + "); replaying without it");
        }
    }

    private static void awaitReady(DecoderService service) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!service.ready() && service.healthy() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (!service.ready()) {
            throw new IllegalStateException("the decoder did not become ready within 60 s");
        }
    }

    /** Peak resident set size of this process, from /proc (Linux). */
    static double peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // Not on Linux: report unknown.
        }
        return Double.NaN;
    }

    private static final String SESSION = "demo-session";
    /** Frames of the session {@code --stages} keeps (the first ones: the start is what it is for). */
    private static final int STAGE_FRAMES = 100_000;

    /** Records the live figures are computed over. */
    static final int WINDOW = 200;

    /** Prints a status line every two seconds while frames flow (figures over the last {@value #WINDOW}). */
    static final class LiveSummary implements ReplayProgress {
        private final DecodedMonitor monitor;
        private final PrintStream out;
        private final long begin;
        private long lastPrint;
        private final StopSignal stop;
        private long framesSent;
        private long bytesSent;

        LiveSummary(DecodedMonitor monitor, PrintStream out, long total, long begin, StopSignal stop) {
            this.monitor = monitor;
            this.out = out;
            this.begin = begin;
            this.stop = stop;
        }

        /** What was sent until now, for a replay that was stopped before its end. */
        ReplaySummary soFar() {
            return new ReplaySummary(framesSent, -1, bytesSent, System.nanoTime() - begin);
        }

        @Override
        public void sent(long frames, long total, long bytes, long elapsedNanos) {
            framesSent = frames;
            bytesSent = bytes;
            stop.check();
            report(frames, total);
        }

        /** Prints the status line, at most every two seconds. */
        void report(long frames, long total) {
            long now = System.nanoTime();
            if (now - lastPrint < 2_000_000_000L) {
                return;
            }
            lastPrint = now;
            double seconds = (now - begin) / 1e9;
            String perVariant = monitor.read(figures -> {
                StringBuilder line = new StringBuilder();
                figures.forEach((variant, f) -> line.append(String.format(Locale.ROOT,
                        "  %s: %,d decoded, latency p50 %.1f ms p99 %.1f ms, median err %.1f deg",
                        variant, f.records, f.latencyMillis(0.5, WINDOW), f.latencyMillis(0.99, WINDOW),
                        f.medianError(WINDOW))));
                return line.toString();
            });
            String of = total == Long.MAX_VALUE ? "" : String.format(Locale.ROOT, "/%,d", total);
            out.printf(Locale.ROOT, "[%5.1fs] sent %,d%s%s%n", seconds, frames, of, perVariant);
        }

        @Override
        public void finished(ReplaySummary summary) {
            out.println("replay: " + summary);
        }
    }
}
