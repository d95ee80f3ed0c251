package io.livedecode.decoder.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;

/**
 * The live page: {@code GET /} serves it from the jar's {@code webroot/}, {@code /webjars/*} serves
 * uPlot from its webjar, and {@code GET /events} streams server-sent events
 * ({@link LiveStream}) fed by {@link #feed()}, the decoding loop's output listener:
 * {@code ?session=ID} shows one session, {@code ?prefer=ID} starts from one but follows the
 * busiest, and neither follows the busiest from the start. Read-only: the
 * page has no action and needs no token. The page fetches nothing but its own origin.
 */
public final class LivePage {

    /** Classpath folder of the page. */
    static final String WEBROOT = "webroot";
    /** Classpath folder where webjars keep their files. */
    static final String WEBJARS = "META-INF/resources/webjars";
    /** Bytes a page's connection may queue before it counts as backed up (a few snapshots). */
    static final int WRITE_QUEUE_BYTES = 256 * 1024;

    private final LiveFeed feed;
    private final LiveStream stream;

    /**
     * @param variants      the configured decoder variants
     * @param periodDegrees the stimulus period
     * @param errorWindow   labelled frames in the rolling error, as {@code metrics.error-window}
     * @param registry      where the drift alarms are read and the page's own meters go
     */
    public LivePage(List<String> variants, double periodDegrees, int errorWindow, MeterRegistry registry) {
        this.feed = new LiveFeed(variants);
        this.stream = new LiveStream(feed, periodDegrees, errorWindow, registry);
    }

    /** The output listener the decoding loop feeds the page through. */
    public LiveFeed feed() {
        return feed;
    }

    public LiveStats stats() {
        return stream.stats();
    }

    /**
     * Adds the page's routes after the ones {@code router} has, and starts the stream's timer on
     * the calling verticle's event loop, where the routes' handlers run too.
     */
    public void mount(Vertx vertx, Router router) {
        router.get("/events").handler(this::events);
        router.get("/webjars/*").handler(StaticHandler.create(WEBJARS));
        router.get("/*").handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", "default-src 'self'");
            ctx.next();
        });
        router.get("/*").handler(StaticHandler.create(WEBROOT).setCachingEnabled(false).setIndexPage("index.html"));
        vertx.setPeriodic(LiveStream.TICK_MILLIS, id -> stream.tick(System.currentTimeMillis()));
    }

    private void events(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        LiveClient client = stream.connect(new ResponseSink(response), ctx.request().getParam("session"),
                ctx.request().getParam("prefer"), System.currentTimeMillis());
        response.closeHandler(v -> stream.disconnect(client));
    }
}
