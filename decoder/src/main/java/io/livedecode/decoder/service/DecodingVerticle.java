package io.livedecode.decoder.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;

/**
 * Owns the decoding loop's dedicated thread inside Vert.x: deploying it starts the loop, undeploying
 * it (or closing Vert.x) stops consuming, commits, leaves the group and closes the Kafka clients.
 * The Kafka clients never run on an event loop, since their calls block.
 */
public final class DecodingVerticle extends VerticleBase {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final DecodingLoop loop;
    private Thread thread;

    public DecodingVerticle(DecodingLoop loop) {
        this.loop = loop;
    }

    @Override
    public Future<?> start() {
        thread = Thread.ofPlatform().name("livedecode-decoding-loop").start(loop);
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            loop.stop(STOP_TIMEOUT);
            thread.join(Duration.ofSeconds(5));
            return null;
        });
    }
}
