package io.livedecode.decoder.bench;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.service.DecoderService;
import io.livedecode.decoder.service.FrameTimings;
import io.livedecode.decoder.service.OutputListener;
import io.livedecode.decoder.service.StageListener;
import io.livedecode.kafka.WholeTopic;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Topics;
import io.livedecode.simulator.source.TrialSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A long run at a fixed frame rate through the decoder as configured by default (its variants, its
 * snapshots), printing per window the heap after garbage collection, the resident set, the latency a
 * downstream consumer sees and the decoder's processing time, so growth over a session shows. The
 * broker is best another process: one in this JVM puts its own heap (its request metrics' sample
 * reservoirs alone grow by tens of MB over an hour) into this process's figures.
 */
public final class SoakBenchmark {

    /** One window's raw figures. */
    record Window(int number, long frames, long[] latencies, long[] processing, List<GcEvents.Gc> gcs,
                  long heapAfterGcBytes, long rssBytes, long brokerRssBytes) {
    }

    private final String bootstrap;
    private final TrialSource source;
    private final PrintStream out;
    private final LongSupplier brokerRss;

    /**
     * @param brokerRss the broker process's resident set in bytes, or -1 where it is not known (a
     *                  remote cluster)
     */
    public SoakBenchmark(String bootstrap, TrialSource source, PrintStream out, LongSupplier brokerRss) {
        this.bootstrap = bootstrap;
        this.source = source;
        this.out = out;
        this.brokerRss = brokerRss;
    }

    /** Runs {@code total} at {@code rateHz}, cut into windows of {@code window}; prints as it goes. */
    public List<Window> run(Duration total, Duration window, double rateHz) throws InterruptedException {
        Topics topics = new Topics("soak.");
        ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), Map.of(
                "kafka.bootstrap.servers", bootstrap, "topics.prefix", topics.prefix(), "topics.partitions", "1",
                "http.port", "0", "kafka.group.id", "soak", "kafka.group.instance.id", "soak",
                // As a deployment does: the session's first frames must not pay for compiling the kernels.
                "decoder.warmup-neurons", Integer.toString(source.neurons()))));
        int variants = config.variants().size();
        Processing processing = new Processing();
        List<Window> windows = new ArrayList<>();
        try (GcEvents gc = new GcEvents();
             DecoderService service = DecoderService.start(config, OutputListener.NONE, processing);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                     "linger.ms", 0, "acks", "all"), new StringSerializer(), new ByteArraySerializer());
             Arrivals arrivals = new Arrivals(bootstrap, topics.decoded(), variants)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!service.ready() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Duration warmedUp = service.warmup().toCompletableFuture().join();
            if (warmedUp.isZero()) {
                out.printf(java.util.Locale.ROOT, "soak: the decoder's warm-up at %,d neurons failed (see the log);"
                        + " the first frames meet uncompiled code%n", source.neurons());
            } else {
                out.printf(java.util.Locale.ROOT, "soak: decoder code warmed up at %,d neurons in %.2f s%n",
                        source.neurons(), warmedUp.toNanos() / 1e9);
            }
            int frames = (int) Math.ceil(total.toNanos() / 1e9 * rateHz);
            int count = (int) Math.ceil((double) total.toNanos() / window.toNanos());
            out.printf(java.util.Locale.ROOT, "soak: %.2f min at %.0f Hz, variants %s, snapshots every %d frames,"
                            + " %d windows of %.2f min%n", total.toMillis() / 60_000.0, rateHz,
                    String.join(",", config.variants()), config.snapshotIntervalFrames(), count,
                    window.toMillis() / 60_000.0);
            SoakReport report = new SoakReport(out);
            report.header();
            long start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            Thread sending = new PacedSender(producer, source, "soak-session").start(topics.frames(), 0, frames, rateHz);
            // A window without a collection pause shows the heap after the last one before it: for the
            // first window, the last of the start-up and warm-up (0 only if none has paused at all).
            long lastHeap = gc.between(0, startMillis).stream().filter(GcEvents.Gc::pause)
                    .mapToLong(GcEvents.Gc::heapAfterBytes).reduce((earlier, later) -> later).orElse(0);
            for (int w = 1; w <= count; w++) {
                long end = start + Math.min(total.toNanos(), w * window.toNanos());
                while (System.nanoTime() < end) {
                    arrivals.poll();
                }
                long endMillis = startMillis + (end - start) / 1_000_000;
                List<GcEvents.Gc> gcs = gc.between(startMillis + (w - 1) * window.toMillis(), endMillis);
                lastHeap = gcs.stream().filter(GcEvents.Gc::pause).mapToLong(GcEvents.Gc::heapAfterBytes).min()
                        .orElse(lastHeap);
                long[] latencies = arrivals.take();
                Window done = new Window(w, latencies.length, latencies, processing.take(), gcs, lastHeap, rss(),
                        brokerRss.getAsLong());
                windows.add(done);
                report.window(done, window);
            }
            sending.interrupt();
            sending.join();
            report.closing(windows);
        }
        return windows;
    }

    /** Resident set size of this process, from /proc (0 where there is none). */
    static long rss() {
        return rss(Path.of("/proc/self/status"));
    }

    /** Resident set size of process {@code pid}, from /proc (0 where there is none). */
    public static long rss(long pid) {
        return rss(Path.of("/proc", Long.toString(pid), "status"));
    }

    private static long rss(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Per frame: predict plus learn over all variants, from the service's own timings. */
    private static final class Processing implements StageListener {
        private long[] values = new long[1024];
        private int n;

        @Override
        public synchronized void frame(FrameTimings t) {
            long sum = 0;
            for (int v = 0; v < t.variantCount(); v++) {
                sum += t.predict(v) + t.learn(v);
            }
            if (n == values.length) {
                values = java.util.Arrays.copyOf(values, 2 * n);
            }
            values[n++] = sum;
        }

        synchronized long[] take() {
            long[] taken = java.util.Arrays.copyOf(values, n);
            n = 0;
            return taken;
        }
    }

    /** The decoded topic as a downstream consumer sees it: a frame has arrived when all its variants have. */
    private static final class Arrivals implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final int variants;
        private final Map<Long, Integer> seen = new HashMap<>();
        private long[] latencies = new long[1024];
        private int n;

        Arrivals(String bootstrap, String topic, int variants) {
            this.variants = variants;
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "fetch.max.wait.ms", 5),
                    new StringDeserializer(), new ByteArrayDeserializer());
            WholeTopic.assign(consumer, topic, WholeTopic.From.END, Duration.ofSeconds(30));
        }

        void poll() {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                long now = EpochNanos.now();
                DecodedRecord d = DecodedRecord.fromJson(record.value());
                int count = seen.merge(d.frameIndex(), 1, Integer::sum);
                if (count == variants) {
                    seen.remove(d.frameIndex());
                    if (n == latencies.length) {
                        latencies = java.util.Arrays.copyOf(latencies, 2 * n);
                    }
                    latencies[n++] = now - d.acquiredNanos();
                }
            }
        }

        long[] take() {
            long[] taken = java.util.Arrays.copyOf(latencies, n);
            n = 0;
            return taken;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
