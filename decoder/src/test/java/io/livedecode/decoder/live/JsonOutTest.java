package io.livedecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonOutTest {

    @Test
    void writesValidJsonWithRoundedExactAndMissingNumbers() throws Exception {
        JsonOut out = new JsonOut().reset();
        out.beginObject().name("s").value("a\"b\\c\n\u0001").name("n").value(42L)
                .name("r").value(123.456789, 2).name("whole").value(1.764e12, 0).name("nan").value(Double.NaN, 2)
                .name("x").exact(0.1 + 0.2).name("inf").exact(Double.POSITIVE_INFINITY)
                .name("a").beginArray().value(1L).beginArray().endArray().beginObject().endObject().value((String) null)
                .endArray().endObject();
        JsonNode node = new ObjectMapper().readTree(out.text());
        assertEquals("a\"b\\c\n\u0001", node.get("s").asText());
        assertEquals(42, node.get("n").asLong());
        assertEquals("123.46", node.get("r").asText());
        assertEquals(1_764_000_000_000L, node.get("whole").asLong());
        assertEquals("1764000000000", node.get("whole").toString(), "integers stay integers, not 1.764E12");
        assertEquals(true, node.get("nan").isNull());
        assertEquals(0.1 + 0.2, node.get("x").asDouble(), 0);
        assertEquals(true, node.get("inf").isNull());
        assertEquals(4, node.get("a").size());
    }

    @Test
    void exactNumbersReadBackBitForBit() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        ObjectMapper mapper = new ObjectMapper();
        JsonOut out = new JsonOut();
        for (int i = 0; i < 10_000; i++) {
            double v = random.nextDouble(0, 360);
            String text = out.reset().beginArray().exact(v).endArray().text();
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(mapper.readTree(text).get(0).asDouble()));
        }
    }
}
