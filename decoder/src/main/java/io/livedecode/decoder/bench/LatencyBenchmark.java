package io.livedecode.decoder.bench;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.service.DecoderService;
import io.livedecode.decoder.service.OutputListener;
import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import io.livedecode.protocol.Topics;
import io.livedecode.simulator.source.TrialSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end latency, frame produced to decoded record consumed, beside two references measured in
 * the same run through the same broker: a bare Kafka hop of the same frame bytes, and a pass-through
 * decoder (the same service and loop, publishing records of the same shape, with no model). Per mode
 * (a fixed rate, and as fast as possible) it prints the three paths and decoded minus pass-through,
 * and breaks each frame down into the stages the service timed ({@link StageSamples}).
 */
public final class LatencyBenchmark {

    /** One mode's measurements of the three paths. */
    record Result(String mode, ArrivalRecorder.Arrivals bare, ArrivalRecorder.Arrivals pass,
                  ArrivalRecorder.Arrivals decoded, StageSamples.Window passStages, StageSamples.Window decodedStages,
                  List<GcEvents.Gc> gcs) {
    }

    private static final int WARM_UP_FRAMES = 1500;
    private static final int PASS_WARM_UP_FRAMES = 300;
    private static final String SESSION = "latency-session";
    private static final Duration COLLECT_TIMEOUT = Duration.ofSeconds(300);

    private final String bootstrap;
    private final TrialSource source;
    private final List<String> variants;
    private final int snapshotInterval;
    private final Map<String, String> settings;
    private final PrintStream out;

    /**
     * @param snapshotInterval the decoding service's {@code snapshot.interval-frames} (the reference takes none)
     * @param settings         further service settings for both services (e.g. {@code delivery.learn-after-ack-ms})
     */
    public LatencyBenchmark(String bootstrap, TrialSource source, List<String> variants, int snapshotInterval,
                            Map<String, String> settings, PrintStream out) {
        this.bootstrap = bootstrap;
        this.source = source;
        this.variants = List.copyOf(variants);
        this.snapshotInterval = snapshotInterval;
        this.settings = Map.copyOf(settings);
        this.out = out;
    }

    /** Runs the warm-up, then each mode; a rate {@code <= 0} means as fast as possible. */
    public void run(int frames, double... ratesHz) throws InterruptedException {
        Topics pass = new Topics("latency.pass.");
        Topics decoded = new Topics("latency.decoded.");
        String echo = "latency.echo";
        try (TopicAdmin admin = TopicAdmin.connect(bootstrap)) {
            admin.ensureTopic(TopicSpec.of(echo, 1));
        }
        StageSamples passSamples = new StageSamples();
        StageSamples decodedSamples = new StageSamples();
        List<Result> results = new ArrayList<>();
        try (GcEvents gc = new GcEvents();
             DecoderService passService = DecoderService.start(config(pass, true, 100_000_000), OutputListener.NONE,
                     passSamples);
             DecoderService decodedService = DecoderService.start(config(decoded, false, snapshotInterval),
                     OutputListener.NONE, decodedSamples);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                     "linger.ms", 0, "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            waitReady(passService);
            waitReady(decodedService);
            PacedSender sender = new PacedSender(producer, source, SESSION);
            long index = 0;
            // Warm-up: the session's first-frame model creation, the broker's page cache, and the JIT (until
            // C2 has compiled the kernels, a frame can take hundreds of milliseconds).
            measure(sender, pass.frames(), pass.decoded(), index, PASS_WARM_UP_FRAMES, 0, variants.size());
            measure(sender, decoded.frames(), decoded.decoded(), index, WARM_UP_FRAMES, 0, variants.size());
            index += WARM_UP_FRAMES;
            out.printf("warm-up: %d frames through the decoder, %d through the pass-through, at max rate%n",
                    WARM_UP_FRAMES, PASS_WARM_UP_FRAMES);
            for (double rate : ratesHz) {
                String mode = rate > 0 ? String.format(Locale.ROOT, "%.0f Hz", rate) : "max rate";
                out.printf("measuring %s: %d frames through bare Kafka, the pass-through, then the decoder ...%n",
                        mode, frames);
                long begin = System.currentTimeMillis();
                var bare = measure(sender, echo, echo, index, frames, rate, 0);
                passSamples.arm(index + frames, frames, variants.size());
                var p = measure(sender, pass.frames(), pass.decoded(), index + frames, frames, rate, variants.size());
                decodedSamples.arm(index + 2L * frames, frames, variants.size());
                var d = measure(sender, decoded.frames(), decoded.decoded(), index + 2L * frames, frames, rate,
                        variants.size());
                index += 3L * frames;
                results.add(new Result(mode, bare, p, d, passSamples.window(), decodedSamples.window(),
                        gc.between(begin, System.currentTimeMillis() + 1)));
            }
        }
        new LatencyReport(out, variants).print(results);
    }

    /** {@code recordsPerFrame == 0}: the topic holds the frames themselves (the bare hop). */
    private ArrivalRecorder.Arrivals measure(PacedSender sender, String topic, String readTopic, long first, int frames,
                                             double rateHz, int recordsPerFrame) throws InterruptedException {
        try (ArrivalRecorder recorder = new ArrivalRecorder(bootstrap, readTopic, recordsPerFrame > 0)) {
            Thread sending = sender.start(topic, first, frames, rateHz);
            var arrivals = recorder.collect(first, frames, Math.max(1, recordsPerFrame), COLLECT_TIMEOUT);
            sending.join();
            return arrivals;
        }
    }

    private ServiceConfig config(Topics topics, boolean passThrough, int snapshots) {
        Map<String, String> flags = new HashMap<>(settings);
        flags.putAll(Map.of(
                "kafka.bootstrap.servers", bootstrap, "topics.prefix", topics.prefix(), "topics.partitions", "1",
                "decoder.variants", String.join(",", variants), "http.port", "0",
                "kafka.group.id", "latency-bench-" + (passThrough ? "pass" : "decoded"),
                "kafka.group.instance.id", "latency-bench-" + (passThrough ? "pass" : "decoded"),
                "snapshot.interval-frames", Integer.toString(snapshots),
                "decoder.pass-through", Boolean.toString(passThrough)));
        return ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), flags));
    }

    private static void waitReady(DecoderService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!service.ready() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
