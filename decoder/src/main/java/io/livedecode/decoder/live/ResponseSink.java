package io.livedecode.decoder.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Server-sent events over one chunked HTTP response. */
final class ResponseSink implements EventSink {

    private final HttpServerResponse response;

    ResponseSink(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public boolean full() {
        return response.writeQueueFull();
    }

    @Override
    public int send(String text) {
        Buffer bytes = Buffer.buffer(text);
        // A page that just went away fails the write; its close handler removes it.
        response.write(bytes);
        return bytes.length();
    }
}
