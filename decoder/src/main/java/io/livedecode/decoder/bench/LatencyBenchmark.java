package io.livedecode.decoder.bench;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.service.DecoderService;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.protocol.Topics;
import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import io.livedecode.simulator.source.TrialSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end latency: frame produced to decoded record consumed, beside a bare Kafka round trip
 * of the same frame bytes through the same broker, measured in the same run at a fixed rate and
 * at the maximum rate. The difference is what the decoder adds.
 */
public final class LatencyBenchmark {

    /** Latencies of one mode, in nanoseconds. */
    public record Row(String mode, long[] bare, long[] pipeline) {
    }

    private static final int WARM_UP_FRAMES = 1500;

    private final String bootstrap;
    private final TrialSource source;
    private final String variant;
    private final PrintStream out;

    public LatencyBenchmark(String bootstrap, TrialSource source, String variant, PrintStream out) {
        this.bootstrap = bootstrap;
        this.source = source;
        this.variant = variant;
        this.out = out;
    }

    /** Runs warm-up, then each mode; {@code rateHz <= 0} means as fast as possible. */
    public Row[] run(int frames, double... ratesHz) throws InterruptedException {
        Topics topics = new Topics("latency.");
        try (TopicAdmin admin = TopicAdmin.connect(bootstrap)) {
            admin.ensureTopic(TopicSpec.of("latency.echo", 1));
        }
        ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), Map.of(
                "kafka.bootstrap.servers", bootstrap, "topics.prefix", topics.prefix(), "topics.partitions", "1",
                "decoder.variants", variant, "http.port", "0", "kafka.group.id", "latency-bench",
                "snapshot.interval-frames", "100000000")));
        Row[] rows = new Row[ratesHz.length];
        try (DecoderService service = DecoderService.start(config);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                     "linger.ms", 0, "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            waitReady(service);
            long index = 0;
            // Warm-up: the session's first-frame model creation, the broker's page cache, and the JIT:
            // until C2 has compiled the Vector API kernels, a frame can take hundreds of milliseconds.
            index = measure(producer, topics.frames(), topics.decoded(), WARM_UP_FRAMES, 0, index, true).index;
            out.printf("warm-up: %d frames through the decoder at max rate%n", WARM_UP_FRAMES);
            for (int i = 0; i < ratesHz.length; i++) {
                String mode = ratesHz[i] > 0 ? String.format(Locale.ROOT, "%.0f Hz", ratesHz[i]) : "max rate";
                out.printf("measuring %s: %d frames through bare Kafka, then through the decoder ...%n", mode, frames);
                Measured bare = measure(producer, "latency.echo", null, frames, ratesHz[i], index, false);
                Measured decoded = measure(producer, topics.frames(), topics.decoded(), frames, ratesHz[i], bare.index, true);
                index = decoded.index;
                rows[i] = new Row(mode, bare.latencies, decoded.latencies);
            }
            var processing = service.registry().find("livedecode.processing").timer();
            var publish = service.registry().find("livedecode.decode.latency").timer();
            if (processing != null && publish != null) {
                out.printf(Locale.ROOT, "inside the decoder (whole run, warm-up included): processing max %.1f ms, mean %.2f ms;"
                                + " acquisition-to-publish max %.1f ms, mean %.2f ms%n",
                        processing.max(java.util.concurrent.TimeUnit.MILLISECONDS),
                        processing.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                        publish.max(java.util.concurrent.TimeUnit.MILLISECONDS),
                        publish.mean(java.util.concurrent.TimeUnit.MILLISECONDS));
            }
        }
        return rows;
    }

    private record Measured(long[] latencies, long index) {
    }

    private Measured measure(KafkaProducer<String, byte[]> producer, String topic, String decodedTopic, int frames,
                             double rateHz, long startIndex, boolean throughDecoder) throws InterruptedException {
        String readTopic = throughDecoder ? decodedTopic : topic;
        try (ArrivalRecorder recorder = new ArrivalRecorder(bootstrap, readTopic, throughDecoder
                ? value -> DecodedRecord.fromJson(value).acquiredNanos()
                : value -> decodeUnchecked(value).acquiredNanos())) {
            long period = rateHz > 0 ? (long) (1e9 / rateHz) : 0;
            long begin = System.nanoTime();
            Thread sender = Thread.ofPlatform().start(() -> {
                for (int k = 0; k < frames; k++) {
                    if (period > 0) {
                        LockSupport.parkNanos(begin + k * period - System.nanoTime());
                    }
                    var trial = source.trial((int) ((startIndex + k) % source.trials()));
                    Frame frame = new Frame(startIndex + k, EpochNanos.now(), trial.stimulusDegrees(),
                            trial.responses());
                    producer.send(new ProducerRecord<>(topic, "latency-session", FrameCodec.encode(frame)));
                }
                producer.flush();
            });
            long[] latencies = recorder.collect(frames, Duration.ofSeconds(120));
            sender.join();
            return new Measured(latencies, startIndex + frames);
        }
    }

    /** Prints the table: bare Kafka, through the decoder, and the difference, p50 and p99. */
    public void print(Row[] rows) {
        out.println();
        out.println("mode       frames   bare p50   bare p99   decoded p50   decoded p99   added p50   added p99"
                + "   decoded max (at)  (ms)");
        for (Row r : rows) {
            double bp50 = ArrivalRecorder.quantileMillis(r.bare(), 0.5);
            double bp99 = ArrivalRecorder.quantileMillis(r.bare(), 0.99);
            double dp50 = ArrivalRecorder.quantileMillis(r.pipeline(), 0.5);
            double dp99 = ArrivalRecorder.quantileMillis(r.pipeline(), 0.99);
            int worst = 0;
            for (int i = 1; i < r.pipeline().length; i++) {
                worst = r.pipeline()[i] > r.pipeline()[worst] ? i : worst;
            }
            out.printf(Locale.ROOT, "%-9s %7d %10.2f %10.2f %13.2f %13.2f %11.2f %11.2f %11.2f (#%d)%n", r.mode(),
                    r.pipeline().length, bp50, bp99, dp50, dp99, dp50 - bp50, dp99 - bp99,
                    r.pipeline().length == 0 ? Double.NaN : r.pipeline()[worst] / 1e6, worst);
        }
    }

    private static void waitReady(DecoderService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!service.ready() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static Frame decodeUnchecked(byte[] value) {
        try {
            return FrameCodec.decode(value);
        } catch (io.livedecode.protocol.FrameFormatException e) {
            throw new IllegalStateException(e);
        }
    }
}
