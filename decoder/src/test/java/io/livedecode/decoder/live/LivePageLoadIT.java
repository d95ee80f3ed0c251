package io.livedecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livedecode.protocol.DecodedRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * What the live page costs under load, measured (figures printed, nothing timed is asserted): a
 * stand-in for the decoding loop publishes 10 sessions x 3 variants at 30 frames/s each (and then
 * one session x 6 variants) through the page's output listener, while headless Chromium shows the
 * page. Printed: the event loop's CPU for the stream, in % of one core (goal below 5%), the
 * listener's cost per record on the loop thread beside the cost of serialising the same record for
 * the decoded topic (which the loop pays anyway), and the events and bytes per second the browser
 * received, beside what forwarding every decoded record as JSON would send.
 */
class LivePageLoadIT {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Duration WARM_UP = Duration.ofSeconds(6);
    private static final Duration MEASURE = Duration.ofSeconds(20);

    @Test
    void tenSessionsOfThreeVariantsAtThirtyHertz() throws Exception {
        measure("10 sessions x 3 variants x 30 Hz", 10, List.of("linear", "relu200", "relu200-l2"));
    }

    @Test
    void oneSessionOfSixVariantsAtThirtyHertz() throws Exception {
        measure("1 session x 6 variants x 30 Hz", 1,
                List.of("linear", "relu200", "relu200-l2", "relu200-l1", "relu200-dropout", "relu200-rehearsal"));
    }

    private void measure(String label, int sessions, List<String> variants) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LivePage page = new LivePage(variants, 360, 200, registry);
        Vertx vertx = Vertx.vertx();
        Publisher publisher = new Publisher(page.feed(), sessions, variants, 30);
        try {
            PageServer server = new PageServer(page);
            vertx.deployVerticle(server).await();
            Thread loop = Thread.ofPlatform().name("stand-in-decoding-loop").start(publisher);
            try (Chromium chromium = Chromium.launch(1400, 1180, Path.of("target", "chromium-live-load.log"))) {
                chromium.navigate("http://127.0.0.1:" + server.port() + "/");
                chromium.await("livedecode.state().charts === 4", Duration.ofSeconds(60), "livedecode.state()");
                Thread.sleep(WARM_UP.toMillis());

                List<Long> loopThreads = eventLoopThreads();
                long threadCpu0 = cpu(loopThreads);
                LiveStats stats0 = page.stats();
                JsonNode browser0 = chromium.evaluate("livedecode.state()");
                long records0 = publisher.records();
                long listenerNanos0 = publisher.listenerNanos();
                long jsonNanos0 = publisher.jsonNanos();
                long wall0 = System.nanoTime();
                Thread.sleep(MEASURE.toMillis());
                double seconds = (System.nanoTime() - wall0) / 1e9;
                JsonNode browser1 = chromium.evaluate("livedecode.state()");
                LiveStats stats1 = page.stats();
                long threadCpu1 = cpu(loopThreads);
                long records = publisher.records() - records0;
                double listenerNanos = (publisher.listenerNanos() - listenerNanos0) / (double) records;
                double jsonNanos = (publisher.jsonNanos() - jsonNanos0) / (double) records;

                double streamCore = (stats1.tickCpuNanos() - stats0.tickCpuNanos()) / 1e9 / seconds * 100;
                double eventLoopCore = (threadCpu1 - threadCpu0) / 1e9 / seconds * 100;
                double browserEvents = (browser1.get("events").asLong() - browser0.get("events").asLong()) / seconds;
                double browserBytes = (browser1.get("bytes").asLong() - browser0.get("bytes").asLong()) / seconds;
                double serverBytes = (stats1.bytes() - stats0.bytes()) / seconds;
                double recordRate = records / seconds;
                double naiveBytes = recordRate * publisher.meanJsonBytes();
                System.out.printf(Locale.ROOT, "%nlive page under load: %s, %.0f s measured after %d s warm-up%n", label,
                        seconds, WARM_UP.toSeconds());
                System.out.printf(Locale.ROOT, "  decoded records published     %8.0f /s%n", recordRate);
                System.out.printf(Locale.ROOT, "  listener on the loop thread   %8.0f ns per record (the record's own toJson: %.0f ns, x%.2f)%n",
                        listenerNanos, jsonNanos, listenerNanos / jsonNanos);
                System.out.printf(Locale.ROOT, "  event-stream ticks, CPU       %8.2f %% of one core (goal < 5 %%)%n",
                        streamCore);
                System.out.printf(Locale.ROOT, "  event-loop threads, all CPU   %8.2f %% of one core (HTTP and I/O included)%n",
                        eventLoopCore);
                System.out.printf(Locale.ROOT, "  browser received              %8.2f events/s, %,8.0f B/s (server wrote %,.0f B/s)%n",
                        browserEvents, browserBytes, serverBytes);
                System.out.printf(Locale.ROOT, "  every record as JSON would be %8.0f events/s, %,8.0f B/s (x%.1f the page's bytes)%n",
                        recordRate, naiveBytes, naiveBytes / browserBytes);
                System.out.printf(Locale.ROOT, "  page state: %s%n", browser1.get("points"));
                assertTrue(browserEvents <= 1000.0 / LiveStream.TICK_MILLIS + 0.5,
                        "the throttle bounds the event rate: " + browserEvents);
                for (String v : variants) {
                    assertTrue(browser1.path("points").path("decoded").path(v).asInt() > 0, v + " has points");
                }
            } finally {
                publisher.stop();
                loop.join(5_000);
            }
        } finally {
            vertx.close().await();
        }
    }

    private static List<Long> eventLoopThreads() {
        List<Long> ids = new ArrayList<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("vert.x-eventloop-thread-")) {
                ids.add(info.getThreadId());
            }
        }
        return ids;
    }

    private static long cpu(List<Long> threads) {
        long total = 0;
        for (long id : threads) {
            total += Math.max(0, THREADS.getThreadCpuTime(id));
        }
        return total;
    }

    /** Serves the page alone, as the decoder's HTTP verticle does. */
    private static final class PageServer extends VerticleBase {
        private final LivePage page;
        private HttpServer server;

        PageServer(LivePage page) {
            this.page = page;
        }

        int port() {
            return server.actualPort();
        }

        @Override
        public Future<?> start() {
            Router router = Router.router(vertx);
            page.mount(vertx, router);
            return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").onSuccess(s -> server = s);
        }
    }

    /** Publishes decoded records as the decoding loop does: each frame's variants together, paced at a frame rate. */
    private static final class Publisher implements Runnable {
        private final LiveFeed feed;
        private final int sessions;
        private final List<String> variants;
        private final double hertz;
        private volatile boolean running = true;
        private volatile long records;
        private volatile long listenerNanos;
        private volatile long jsonNanos;
        private long jsonBytes;
        private long jsonSamples;

        Publisher(LiveFeed feed, int sessions, List<String> variants, double hertz) {
            this.feed = feed;
            this.sessions = sessions;
            this.variants = variants;
            this.hertz = hertz;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            long period = (long) (1e9 / hertz);
            for (long frame = 0; running; frame++) {
                LockSupport.parkNanos(start + frame * period - System.nanoTime());
                for (int s = 0; s < sessions; s++) {
                    DecodedRecord[] frameRecords = new DecodedRecord[variants.size()];
                    for (int v = 0; v < variants.size(); v++) {
                        frameRecords[v] = Records.record("rig-" + s, frame, variants.get(v), v, hertz, (v + 1) * Math.sin(frame * 0.1));
                    }
                    long t0 = System.nanoTime();
                    for (DecodedRecord r : frameRecords) {
                        feed.decoded(r);
                    }
                    long t1 = System.nanoTime();
                    listenerNanos += t1 - t0;
                    // The reference: what the loop spends anyway to publish the same records.
                    for (DecodedRecord r : frameRecords) {
                        jsonBytes += r.toJson().length;
                    }
                    jsonNanos += System.nanoTime() - t1;
                    jsonSamples += frameRecords.length;
                    records += frameRecords.length;
                }
            }
        }

        long records() {
            return records;
        }

        long listenerNanos() {
            return listenerNanos;
        }

        long jsonNanos() {
            return jsonNanos;
        }

        double meanJsonBytes() {
            return jsonSamples == 0 ? 0 : jsonBytes / (double) jsonSamples;
        }

        void stop() {
            running = false;
        }
    }
}
