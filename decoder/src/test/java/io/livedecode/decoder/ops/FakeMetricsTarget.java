package io.livedecode.decoder.ops;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in decoder for tests: serves a fixed Prometheus text exposition on a loopback
 * {@code /metrics}, with cumulative series scaled by the number of scrapes so that they grow.
 */
public final class FakeMetricsTarget implements AutoCloseable {

    private static final String CONTRACT_RESOURCE = "contract-metrics.prom";
    // name{labels} value   (labels may hold spaces inside quotes, so the value is the last token)
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s+(\\S+)$");

    private final HttpServer server;
    private final AtomicInteger scrapes = new AtomicInteger();

    private FakeMetricsTarget(String exposition) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = scaled(exposition, scrapes.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Serves {@code exposition} until closed. */
    public static FakeMetricsTarget serve(String exposition) throws IOException {
        return new FakeMetricsTarget(exposition);
    }

    /** A healthy decoder's exposition holding every metric of the service contract. */
    public static String contractExposition() {
        try (InputStream in = FakeMetricsTarget.class.getResourceAsStream(CONTRACT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + CONTRACT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scrape target as Prometheus wants it: host:port. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int scrapes() {
        return scrapes.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Multiplies counters, histogram buckets, sums and counts by {@code factor}; gauges stay as written. */
    static String scaled(String exposition, int factor) {
        StringBuilder out = new StringBuilder();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches() && isCumulative(m.group(1))) {
                double value = Double.parseDouble(m.group(3)) * factor;
                out.append(m.group(1)).append(m.group(2) == null ? "" : m.group(2)).append(' ').append(value);
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static boolean isCumulative(String name) {
        return name.endsWith("_total") || name.endsWith("_bucket") || name.endsWith("_sum") || name.endsWith("_count");
    }
}
