package io.livedecode.decoder.live;

/**
 * One open page: the session it watches, whether it must be sent a whole snapshot next (just
 * connected, or it missed updates), and what it was sent and could not take.
 */
final class LiveClient {

    private final EventSink sink;
    private final boolean pinned;
    private String session;
    private boolean needsSnapshot = true;
    private long dropped;
    private long events;
    private long bytes;
    private long lastSentMillis;
    private final long connectedMillis;

    /**
     * @param session the session to show first; null lets the stream choose the busiest
     * @param pinned  whether the page's reader chose it (else the page follows the busiest session)
     */
    LiveClient(EventSink sink, String session, boolean pinned, long nowMillis) {
        this.sink = sink;
        this.session = session;
        this.pinned = pinned && session != null;
        this.lastSentMillis = nowMillis;
        this.connectedMillis = nowMillis;
    }

    long connectedMillis() {
        return connectedMillis;
    }

    String session() {
        return session;
    }

    /** Whether the page's reader chose the session (else the page follows the busiest). */
    boolean pinned() {
        return pinned;
    }

    void watch(String chosen) {
        session = chosen;
        needsSnapshot = true;
    }

    boolean needsSnapshot() {
        return needsSnapshot;
    }

    boolean full() {
        return sink.full();
    }

    /** The page could not take this tick's event: count it, and send it everything once it can. */
    void missed() {
        dropped++;
        needsSnapshot = true;
    }

    /** Queues one event; returns its bytes. */
    int send(String event, boolean snapshot, long nowMillis) {
        int n = sink.send(event);
        bytes += n;
        events++;
        lastSentMillis = nowMillis;
        if (snapshot) {
            needsSnapshot = false;
        }
        return n;
    }

    long dropped() {
        return dropped;
    }

    long events() {
        return events;
    }

    long bytes() {
        return bytes;
    }

    long lastSentMillis() {
        return lastSentMillis;
    }
}
