package io.livedecode.decoder.http;

import io.livedecode.decoder.export.ModelArchive;
import io.livedecode.decoder.model.ModelState;
import io.livedecode.decoder.service.ModelQueries;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /admin/sessions/{id}/model?variant=NAME}: the variant's model as an {@code .npz}
 * ({@link ModelArchive}). The state is copied on the decoding loop thread between two batches;
 * the archive is built on a worker thread, so neither the loop nor the event loop waits for it.
 */
final class ModelExportRoute implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelExportRoute.class);
    /** The loop runs commands after every poll (at most 100 ms apart) unless a batch is in progress. */
    private static final long LOOP_TIMEOUT_SECONDS = 30;

    private final ModelQueries models;
    private final List<String> variants;

    ModelExportRoute(ModelQueries models, List<String> variants) {
        this.models = models;
        this.variants = List.copyOf(variants);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String session = ctx.pathParam("session");
        String variant = ctx.request().getParam("variant");
        if (variant == null || variant.isBlank()) {
            text(ctx, 400, "name the variant: ?variant=NAME, one of " + variants);
            return;
        }
        Future<ModelState> state = Future.fromCompletionStage(
                models.state(session, variant).orTimeout(LOOP_TIMEOUT_SECONDS, TimeUnit.SECONDS),
                ctx.vertx().getOrCreateContext());
        state.compose(s -> ctx.vertx().executeBlocking(() -> ModelArchive.write(session, variant, s)))
                .onSuccess(bytes -> ctx.response()
                        .putHeader("content-type", "application/octet-stream")
                        .putHeader("content-disposition", "attachment; filename=\"" + fileName(session, variant) + "\"")
                        .end(Buffer.buffer(bytes)))
                .onFailure(e -> fail(ctx, session, variant, e));
    }

    private static void fail(RoutingContext ctx, String session, String variant, Throwable e) {
        switch (e) {
            // The session or variant is not here: the caller can fix the request.
            case NoSuchElementException missing -> text(ctx, 404, missing.getMessage());
            // The loop is busy with a long batch, restoring, or stopped: try again, or look at /health.
            case TimeoutException timeout -> text(ctx, 503, "the decoding loop did not answer within "
                    + LOOP_TIMEOUT_SECONDS + " s; see /health and /ready");
            default -> {
                LOG.warn("export of session '{}' variant '{}' failed", session, variant, e);
                text(ctx, 500, "export failed: " + e);
            }
        }
    }

    /** {@code session-variant.npz}, with anything a file name or header should not hold replaced. */
    static String fileName(String session, String variant) {
        return (session + "-" + variant).replaceAll("[^A-Za-z0-9._-]", "_") + ".npz";
    }

    private static void text(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8").end(message + "\n");
    }
}
