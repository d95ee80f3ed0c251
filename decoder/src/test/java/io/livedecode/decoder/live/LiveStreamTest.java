package io.livedecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The throttle: what a page receives, whatever the decoder publishes. */
class LiveStreamTest {

    private static final List<String> VARIANTS = List.of("linear", "relu200", "relu200-l2");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LiveFeed feed = new LiveFeed(VARIANTS);
    private final LiveStream stream = new LiveStream(feed, 360, 200, registry);
    private long now = 1_764_403_200_000L;

    /** Publishes {@code seconds} of frames at each session's rate, ticking as the timer would. */
    private void run(Map<String, Double> hertzBySession, double seconds, long[] nextFrame) {
        int ticks = (int) Math.round(seconds * 1000 / LiveStream.TICK_MILLIS);
        double[] owed = new double[hertzBySession.size()];
        for (int t = 0; t < ticks; t++) {
            int i = 0;
            for (Map.Entry<String, Double> e : hertzBySession.entrySet()) {
                owed[i] += e.getValue() * LiveStream.TICK_MILLIS / 1000.0;
                while (owed[i] >= 1) {
                    owed[i] -= 1;
                    long f = nextFrame[i]++;
                    for (int v = 0; v < VARIANTS.size(); v++) {
                        feed.decoded(Records.record(e.getKey(), f, VARIANTS.get(v), v, e.getValue(), v - 1.0));
                    }
                }
                i++;
            }
            now += LiveStream.TICK_MILLIS;
            stream.tick(now);
        }
    }

    @Test
    void aPageGetsOneEventPerTickAndBoundedPointsHoweverFastTheDecoderPublishes() {
        RecordingSink sink = new RecordingSink();
        LiveClient client = stream.connect(sink, null, null, now);
        Map<String, Double> rates = new java.util.LinkedHashMap<>();
        rates.put("slow", 3.0);
        rates.put("fast", 250.0);
        for (int i = 0; i < 8; i++) {
            rates.put("rig-" + i, 30.0);
        }
        long[] next = new long[rates.size()];
        run(rates, 2, next);
        assertEquals("fast", client.session(), "an unpinned page shows the busiest session");
        sink.clear();
        run(rates, 20, next);
        int ticks = 20 * 1000 / (int) LiveStream.TICK_MILLIS;
        List<RecordingSink.Event> updates = sink.ofType("update");
        assertTrue(sink.events.size() <= ticks, sink.events.size() + " events in " + ticks + " ticks");
        assertEquals(ticks, updates.size(), "every tick brings news of a 250 Hz session");
        for (RecordingSink.Event u : updates) {
            assertEquals("fast", u.data().get("session").asText());
            int points = u.data().get("angle").get("t").size();
            assertTrue(points <= SessionView.FRAMES_PER_UPDATE, points + " points in one update");
            for (JsonNode column : u.data().get("angle").get("decoded")) {
                assertEquals(points, column.size(), "one value per variant and point");
            }
        }
        JsonNode last = updates.getLast().data();
        long newest = next[1] - 1;
        assertEquals(newest, last.get("latest").get(0).get("frame").asLong(), "the latest answer is never decimated away");
        JsonNode frames = last.get("angle").get("frame");
        assertEquals(newest, frames.get(frames.size() - 1).asLong(), "nor the newest point");
        double bytesPerSecond = sink.bytes / 20.0;
        // 250 frames/s x 3 variants of decoded records would be ~170 KB/s of JSON; the page gets a few.
        assertTrue(bytesPerSecond < 8_000, bytesPerSecond + " B/s");
        assertEquals(10, stream.stats().sessions());
        assertEquals(1.0, registry.get("livedecode.live.clients").gauge().value());
    }

    @Test
    void aPageNamesItsSessionAndGetsItsWholeWindowOnConnect() {
        long[] next = new long[2];
        Map<String, Double> rates = new java.util.LinkedHashMap<>();
        rates.put("a", 30.0);
        rates.put("b", 60.0);
        run(rates, 30, next);
        RecordingSink sink = new RecordingSink();
        stream.connect(sink, "a", null, now);
        JsonNode snapshot = sink.ofType("snapshot").getFirst().data();
        assertEquals("a", snapshot.get("session").asText());
        assertEquals(List.of("linear", "relu200", "relu200-l2"),
                java.util.stream.StreamSupport.stream(snapshot.get("variants").spliterator(), false).map(JsonNode::asText).toList());
        assertEquals(SessionView.ANGLE_POINTS, snapshot.get("angle").get("t").size(), "30 s at 30 Hz fill the window");
        assertEquals(2, snapshot.get("sessions").size());
        assertEquals(next[0] - 1, snapshot.get("latest").get(2).get("frame").asLong());
        assertTrue(snapshot.get("strip").get("t").size() >= 29, "a strip point a second");
    }

    @Test
    void aBackedUpPageIsSkippedCountedAndResynchronisedWithASnapshot() {
        RecordingSink sink = new RecordingSink();
        LiveClient client = stream.connect(sink, "a", null, now);
        long[] next = new long[1];
        run(Map.of("a", 30.0), 2, next);
        int before = sink.events.size();
        sink.full = true;
        run(Map.of("a", 30.0), 3, next);
        assertEquals(before, sink.events.size(), "nothing is written to a backed-up connection");
        assertEquals(12, client.dropped(), "each skipped update is counted");
        assertEquals(12, stream.stats().dropped());
        assertEquals(12.0, registry.get("livedecode.live.updates.dropped").counter().count());
        sink.full = false;
        run(Map.of("a", 30.0), 0.25, next);
        RecordingSink.Event resync = sink.last();
        assertEquals("snapshot", resync.type(), "the page gets the whole window, not a hole");
        assertEquals(12, resync.data().get("client").get("dropped").asLong());
        run(Map.of("a", 30.0), 0.25, next);
        assertEquals("update", sink.last().type());
    }

    @Test
    void aPageBeforeAnySessionWaitsThenFollowsTheFirst() {
        RecordingSink sink = new RecordingSink();
        stream.connect(sink, null, null, now);
        assertEquals("", sink.events.getFirst().type(), "the retry line");
        assertTrue(sink.ofType("snapshot").getFirst().data().get("session").isNull());
        run(Map.of("late", 30.0), 1, new long[1]);
        assertEquals("late", sink.ofType("snapshot").getLast().data().get("session").asText());
    }

    @Test
    void aPageFollowsTheBusiestSessionUnlessItsReaderChoseOne() {
        RecordingSink following = new RecordingSink();
        RecordingSink chosen = new RecordingSink();
        RecordingSink resumed = new RecordingSink();
        Map<String, Double> rates = new java.util.LinkedHashMap<>();
        rates.put("old", 30.0);
        rates.put("new", 0.0);
        long[] next = new long[2];
        run(rates, 2, next);
        LiveClient follows = stream.connect(following, null, null, now);
        LiveClient stays = stream.connect(chosen, "old", null, now);
        LiveClient prefers = stream.connect(resumed, null, "old", now);
        assertEquals("old", follows.session());
        rates.put("old", 2.0);
        rates.put("new", 30.0);
        run(rates, 3, next);
        assertEquals("new", follows.session(), "the rig moved to a new session; a following page goes with it");
        assertEquals("new", following.ofType("snapshot").getLast().data().get("session").asText());
        assertEquals("old", stays.session(), "a chosen session stays");
        assertEquals("new", prefers.session(), "a page back from a reconnect starts where it was, then follows");
        rates.put("old", 25.0);
        run(rates, 3, next);
        assertEquals("new", follows.session(), "no flicker between two similar rigs");
    }
}
