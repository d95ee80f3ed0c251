package io.livedecode.decoder.http;

import io.livedecode.decoder.live.LivePage;
import io.livedecode.decoder.service.DecodingLoop;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The HTTP surface: the live page at {@code /} with its event stream, {@code /metrics} (Prometheus
 * text), {@code /health} (liveness), {@code /ready} (partitions assigned, models restored) and,
 * only when a token is configured, bearer-protected admin endpoints that change model state.
 */
public final class HttpVerticle extends VerticleBase {

    private final String host;
    private final int port;
    private final PrometheusMeterRegistry registry;
    private final DecodingLoop loop;
    private final byte[] adminToken;
    private final LivePage live;
    private HttpServer server;

    public HttpVerticle(String host, int port, PrometheusMeterRegistry registry, DecodingLoop loop, String adminToken,
                        LivePage live) {
        this.host = host;
        this.port = port;
        this.registry = registry;
        this.loop = loop;
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.live = live;
    }

    /** The port actually bound (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        router.get("/health").handler(ctx -> status(ctx, loop.healthy(), "UP", "DOWN"));
        router.get("/ready").handler(ctx -> status(ctx, loop.ready(), "READY", "NOT_READY"));
        if (adminToken.length > 0) {
            router.post("/admin/*").handler(this::authorise);
            router.post("/admin/sessions/:session/reset").handler(ctx -> {
                String session = ctx.pathParam("session");
                loop.resetSession(session);
                ctx.response().setStatusCode(202).end("{\"reset\":\"" + jsonEscape(session) + "\"}");
            });
            router.post("/admin/learning/:state").handler(ctx -> {
                String state = ctx.pathParam("state");
                if (!state.equals("pause") && !state.equals("resume")) {
                    ctx.response().setStatusCode(404).end("use /admin/learning/pause or /admin/learning/resume\n");
                    return;
                }
                boolean enabled = state.equals("resume");
                loop.learning(enabled);
                ctx.response().setStatusCode(202).end("{\"learning\":" + enabled + "}");
            });
        }
        // Plain HTTP/1.1 only: with the cleartext HTTP/2 upgrade on, a client that asks for it (the JDK's
        // HttpClient does by default) got a /metrics body of a few hundred KB back as broken HTTP/2 frames.
        // Prometheus, browsers and probes speak HTTP/1.1 here anyway.
        live.mount(vertx, router);
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
        return vertx.createHttpServer(options).requestHandler(router).listen(port, host).onSuccess(s -> server = s);
    }

    private void authorise(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, adminToken)) {
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer").end("bearer token required\n");
            return;
        }
        ctx.next();
    }

    private static void status(RoutingContext ctx, boolean ok, String good, String bad) {
        ctx.response().setStatusCode(ok ? 200 : 503).putHeader("content-type", "application/json")
                .end("{\"status\":\"" + (ok ? good : bad) + "\"}");
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
