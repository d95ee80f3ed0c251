package io.livedecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livedecode.protocol.RejectReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionViewTest {

    private static final List<String> VARIANTS = List.of("linear", "relu200");
    private final FrameTape tape = new FrameTape("s", VARIANTS, LiveFeed.TAPE_FRAMES);
    private final FrameBatch batch = new FrameBatch(LiveFeed.TAPE_FRAMES, 2);
    private final SessionView view = new SessionView("s", VARIANTS, 360, 5, 0);

    private void frame(long f, double miss) {
        tape.append(Records.record("s", f, "linear", 0, 30, miss));
        tape.append(Records.record("s", f, "relu200", 1, 30, miss / 2));
    }

    private JsonNode write(boolean whole) throws Exception {
        JsonOut out = new JsonOut().reset().beginObject();
        view.write(out, whole);
        return new ObjectMapper().readTree(out.endObject().text());
    }

    @Test
    void countsMissingAndRepeatedFrameIndicesAndShowsEachFrameOnce() throws Exception {
        for (long f : new long[] {10, 11, 12, 15, 16, 13, 16, 17}) {
            frame(f, 1);
        }
        tape.rejected(RejectReason.ABSURD_VALUE);
        view.drain(tape, batch, 1000);
        JsonNode json = write(true);
        JsonNode health = json.get("health");
        assertEquals(6, health.get("frames").asLong(), "10 11 12 15 16 17");
        assertEquals(2, health.get("missing").asLong(), "13 and 14 never came in order");
        assertEquals(2, health.get("duplicates").asLong(), "13 late, 16 again");
        assertEquals(1, health.get("rejected").get("absurd_value").asLong());
        assertEquals(6, json.get("angle").get("frame").size());
        assertEquals(17, json.get("latest").get(1).get("frame").asLong());
    }

    @Test
    void stripPointsCarryRateLatencyQuantilesAndTheRollingMedianError() throws Exception {
        view.strip(0, Map.of());
        for (int f = 0; f < 30; f++) {
            frame(f, f < 20 ? 100 : 2);
        }
        view.drain(tape, batch, 500);
        view.strip(1000, Map.of("relu200", 3.0));
        JsonNode json = write(true);
        JsonNode strip = json.get("strip");
        assertEquals(1, strip.get("t").size());
        assertEquals(30, strip.get("fps").get(0).asDouble(), 1e-9);
        assertEquals(3, strip.get("p50_ms").get(0).asDouble(), 1e-9, "half the records 3 ms, half 4 ms");
        assertEquals(4, strip.get("p99_ms").get(0).asDouble(), 1e-9);
        assertEquals(2, strip.get("error").get(0).get(0).asDouble(), 1e-9, "window of 5: the last five misses, 2");
        assertEquals(1, strip.get("error").get(1).get(0).asDouble(), 1e-9);
        assertEquals(3, json.get("latest").get(1).get("drift_alarms").asLong());
        assertEquals(0, json.get("latest").get(0).get("drift_alarms").asLong(), "absent meter: no alarm");
        view.strip(2000, Map.of());
        JsonNode idle = write(true).get("strip");
        assertEquals(0, idle.get("fps").get(1).asDouble(), 0, "a second without frames is a zero rate");
        assertTrue(idle.get("p50_ms").get(1).isNull(), "and no latency");
    }

    @Test
    void anUpdateCarriesOnlyWhatCameSinceTheLastAndAtMostTheUpdateBudget() throws Exception {
        for (int f = 0; f < 100; f++) {
            frame(f, 1);
        }
        view.drain(tape, batch, 0);
        assertEquals(SessionView.FRAMES_PER_UPDATE, write(false).get("angle").get("t").size());
        JsonNode points = write(false).get("angle");
        assertEquals(99, points.get("frame").get(SessionView.FRAMES_PER_UPDATE - 1).asLong(), "the newest frame is shown");
        view.markSent();
        assertEquals(0, write(false).get("angle").get("t").size());
        frame(100, 1);
        view.drain(tape, batch, 0);
        assertEquals(1, write(false).get("angle").get("t").size());
        for (int f = 101; f < 101 + 60 * SessionView.FRAMES_PER_UPDATE; f++) {
            frame(f, 1);
            if (f % 12 == 0) {
                view.drain(tape, batch, 0);
            }
        }
        view.drain(tape, batch, 0);
        assertEquals(SessionView.ANGLE_POINTS, write(true).get("angle").get("t").size(), "the window is bounded");
    }
}
