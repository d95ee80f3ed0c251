package io.livedecode.decoder.live;

/** Where one page's server-sent events go: the HTTP response, or a recorder in tests. */
interface EventSink {

    /** True while the connection has more queued than it may: the next event would pile up. */
    boolean full();

    /** Queues {@code text} (whole events) for the client; returns the bytes queued. */
    int send(String text);
}
