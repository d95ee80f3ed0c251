package io.livedecode.decoder.live;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live page's event stream. A timer calls {@link #tick} on one event loop every
 * {@value #TICK_MILLIS} ms: it drains every session's tape into its {@link SessionView}, adds a strip
 * point once a second, and writes each connected page one event at most: a snapshot (on connect,
 * or after the page missed updates) or the update of its session, built once per session and
 * tick. A page whose connection is backed up is skipped and counted, and resynchronised when it
 * drains. So a page receives at most {@code 1000 / TICK_MILLIS} events a second and
 * {@link SessionView#FRAMES_PER_UPDATE} frames per event, whatever the frame rate. Everything here
 * runs on that one event loop; only the tapes are shared with the decoding loop.
 */
public final class LiveStream {

    /** Time between two updates of a page. */
    public static final long TICK_MILLIS = 250;
    static final long STRIP_MILLIS = 1000;
    /** A page that got nothing for this long gets a comment line, so proxies keep the connection. */
    static final long KEEP_ALIVE_MILLIS = 15_000;
    /** A following page waits this long for the session it showed before a reconnect to reappear. */
    static final long REAPPEAR_MILLIS = 10_000;
    /** A session with no frame for this long and no page watching it is forgotten. */
    static final long IDLE_MILLIS = 30 * 60_000;
    /** How long a page waits before it reconnects after losing the stream. */
    static final long RETRY_MILLIS = 1000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LiveFeed feed;
    private final double period;
    private final int errorWindow;
    private final MeterRegistry registry;
    private final LiveMetrics metrics;
    private final FrameBatch batch;
    private final Map<String, SessionView> views = new LinkedHashMap<>();
    private final List<LiveClient> clients = new ArrayList<>();
    private final Map<String, String> updates = new HashMap<>();
    private final JsonOut json = new JsonOut();
    private final SessionView empty;
    private long lastStripMillis = -1;
    private long ticks;
    private long tickCpuNanos;
    private long events;
    private long snapshots;
    private long bytes;
    private long dropped;
    private volatile LiveStats stats = LiveStats.NONE;

    public LiveStream(LiveFeed feed, double period, int errorWindow, MeterRegistry registry) {
        this.feed = feed;
        this.period = period;
        this.errorWindow = errorWindow;
        this.registry = registry;
        this.batch = new FrameBatch(LiveFeed.TAPE_FRAMES, feed.variants().size());
        this.empty = new SessionView("", feed.variants(), period, 1, 0);
        this.metrics = new LiveMetrics(clients::size);
        metrics.bindTo(registry);
    }

    public LiveStats stats() {
        return stats;
    }

    /**
     * A page connected. It shows {@code session} when its reader chose one; otherwise it follows the
     * busiest session, starting from {@code prefer} (the one it showed before a reconnect) if given.
     */
    LiveClient connect(EventSink sink, String session, String prefer, long nowMillis) {
        boolean chosen = session != null && !session.isBlank();
        String first = chosen ? session : prefer == null || prefer.isBlank() ? null : prefer;
        LiveClient client = new LiveClient(sink, first, chosen, nowMillis);
        clients.add(client);
        send(client, "retry: " + RETRY_MILLIS + "\n\n", false, nowMillis);
        if (client.session() == null) {
            String busiest = busiest();
            if (busiest != null) {
                client.watch(busiest);
            }
        }
        sendSnapshot(client, nowMillis);
        return client;
    }

    void disconnect(LiveClient client) {
        clients.remove(client);
    }

    /** One timer run; {@code nowMillis} is the wall clock (epoch ms). */
    public void tick(long nowMillis) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        for (FrameTape tape : feed.tapes()) {
            views.computeIfAbsent(tape.session(), s -> new SessionView(s, feed.variants(), period, errorWindow,
                    nowMillis)).drain(tape, batch, nowMillis);
        }
        boolean stripDue = lastStripMillis < 0 || nowMillis - lastStripMillis >= STRIP_MILLIS;
        if (stripDue) {
            Map<String, Map<String, Double>> drift = DriftAlarms.read(registry);
            views.values().forEach(v -> v.strip(nowMillis, drift.get(v.session())));
            lastStripMillis = nowMillis;
        }
        updates.clear();
        String busiest = busiest();
        for (LiveClient client : clients) {
            if (!client.pinned() && busiest != null && (client.session() == null
                    || stripDue && muchBusier(busiest, client, nowMillis))) {
                client.watch(busiest);
            }
            SessionView view = client.session() == null ? null : views.get(client.session());
            boolean snapshot = client.needsSnapshot() && client.session() != null;
            if (!snapshot && (view == null || !view.changed())) {
                keepAlive(client, nowMillis);
            } else if (client.full()) {
                // A slow page misses this tick; the snapshot it gets when it drains fills the hole.
                client.missed();
                dropped++;
                metrics.dropped();
            } else if (snapshot) {
                sendSnapshot(client, nowMillis);
            } else {
                send(client, updates.computeIfAbsent(client.session(), s -> updateEvent(view, stripDue, nowMillis)),
                        false, nowMillis);
            }
        }
        views.values().forEach(SessionView::markSent);
        forgetIdle(nowMillis);
        ticks++;
        tickCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
        stats = new LiveStats(ticks, tickCpuNanos, events, snapshots, bytes, dropped, clients.size(), views.size());
    }

    /**
     * Whether a page following the busiest session should move from its current one: the other
     * has half as many frames again, so two similar rigs do not make the page flicker between them.
     * After a decoder restart the page's session may take a while to reappear; it is not left for
     * another before {@value #REAPPEAR_MILLIS} ms.
     */
    private boolean muchBusier(String busiest, LiveClient client, long nowMillis) {
        if (busiest.equals(client.session())) {
            return false;
        }
        SessionView current = views.get(client.session());
        if (current == null) {
            return nowMillis - client.connectedMillis() > REAPPEAR_MILLIS;
        }
        return views.get(busiest).framesPerSecond() > 1.5 * current.framesPerSecond();
    }

    /** The session with the highest frame rate over the last second (most frames on a tie); null when none. */
    String busiest() {
        SessionView best = null;
        for (SessionView v : views.values()) {
            if (best == null || v.framesPerSecond() > best.framesPerSecond()
                    || v.framesPerSecond() == best.framesPerSecond() && v.frames() > best.frames()) {
                best = v;
            }
        }
        return best == null ? null : best.session();
    }

    /** Sends the whole window of the client's session (an empty one while it has no session yet). */
    private void sendSnapshot(LiveClient client, long nowMillis) {
        SessionView view = client.session() == null ? null : views.get(client.session());
        json.reset().beginObject();
        envelope(client.session(), true, nowMillis);
        (view == null ? empty : view).write(json, true);
        json.name("client").beginObject().name("dropped").value(client.dropped()).endObject();
        json.endObject();
        send(client, "event: snapshot\ndata: " + json.text() + "\n\n", client.session() != null, nowMillis);
        snapshots++;
    }

    private String updateEvent(SessionView view, boolean withSessions, long nowMillis) {
        json.reset().beginObject();
        envelope(view.session(), withSessions, nowMillis);
        view.write(json, false);
        json.endObject();
        return "event: update\ndata: " + json.text() + "\n\n";
    }

    private void envelope(String session, boolean withSessions, long nowMillis) {
        json.name("session").value(session).name("server_ms").value(nowMillis);
        if (withSessions) {
            json.name("sessions").beginArray();
            for (SessionView v : views.values()) {
                json.beginObject().name("id").value(v.session()).name("fps").value(v.framesPerSecond(), 2)
                        .name("frames").value(v.frames()).endObject();
            }
            json.endArray();
            json.name("unkeyed_rejected").value(unkeyedRejected());
        }
    }

    private long unkeyedRejected() {
        long total = 0;
        for (int r = 0; r < FrameBatch.REASONS; r++) {
            total += feed.unkeyedRejected(r);
        }
        return total;
    }

    private void keepAlive(LiveClient client, long nowMillis) {
        if (nowMillis - client.lastSentMillis() >= KEEP_ALIVE_MILLIS && !client.full()) {
            send(client, ": keep-alive\n\n", false, nowMillis);
        }
    }

    private void send(LiveClient client, String event, boolean snapshot, long nowMillis) {
        int n = client.send(event, snapshot, nowMillis);
        events++;
        bytes += n;
        metrics.sent(n);
    }

    private void forgetIdle(long nowMillis) {
        for (Iterator<SessionView> it = views.values().iterator(); it.hasNext(); ) {
            SessionView view = it.next();
            if (nowMillis - view.lastActivityMillis() > IDLE_MILLIS && clients.stream()
                    .noneMatch(c -> view.session().equals(c.session()))) {
                view.forgetTape(feed);
                it.remove();
            }
        }
    }
}
