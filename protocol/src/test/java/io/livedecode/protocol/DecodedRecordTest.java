package io.livedecode.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecodedRecordTest {

    @Test
    void labelledRecordRoundTripsThroughJson() {
        DecodedRecord record = new DecodedRecord("mouse \"1\"", 41, "relu200", 123.4, 121.0, 2.4, 41,
                1_764_403_200_000_000_000L, 1_764_403_200_003_100_000L, "0.1.0", "3f9a1c0d5e27", true);
        String json = new String(record.toJson(), StandardCharsets.UTF_8);
        assertEquals("{\"session\":\"mouse \\\"1\\\"\",\"frame_index\":41,\"variant\":\"relu200\",\"decoded_deg\":123.4,"
                + "\"true_deg\":121.0,\"error_deg\":2.4,\"model_version\":41,"
                + "\"acquired_ns\":1764403200000000000,\"decoded_ns\":1764403200003100000,"
                + "\"build\":\"0.1.0\",\"config_hash\":\"3f9a1c0d5e27\",\"stale\":true}", json);
        assertEquals(record, DecodedRecord.fromJson(record.toJson()));
        assertEquals(3_100_000L, record.latencyNanos());
    }

    @Test
    void unlabelledRecordWritesNulls() {
        DecodedRecord record = new DecodedRecord("s", 0, "linear", 5.0, Double.NaN, Double.NaN, 0, 1, 2);
        String json = new String(record.toJson(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"true_deg\":null,\"error_deg\":null"), json);
        DecodedRecord back = DecodedRecord.fromJson(record.toJson());
        assertFalse(back.labelled());
        assertTrue(Double.isNaN(back.errorDegrees()));
    }

    @Test
    void recordsWithoutProvenanceStillParse() {
        byte[] older = ("{\"session\":\"s\",\"frame_index\":3,\"variant\":\"linear\",\"decoded_deg\":5.0,"
                + "\"true_deg\":null,\"error_deg\":null,\"model_version\":2,\"acquired_ns\":1,\"decoded_ns\":2}")
                .getBytes(StandardCharsets.UTF_8);
        DecodedRecord back = DecodedRecord.fromJson(older);
        assertEquals(new DecodedRecord("s", 3, "linear", 5.0, Double.NaN, Double.NaN, 2, 1, 2), back);
        assertNull(back.build());
        assertNull(back.configHash());
        String rewritten = new String(back.toJson(), StandardCharsets.UTF_8);
        assertTrue(rewritten.endsWith(",\"build\":null,\"config_hash\":null,\"stale\":false}"), rewritten);
        assertFalse(back.stale());
        assertEquals(back, DecodedRecord.fromJson(back.toJson()));
    }

    @Test
    void missingFieldIsNamed() {
        byte[] json = "{\"session\":\"s\",\"frame_index\":1,\"extra\":{\"a\":[1]}}".getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DecodedRecord.fromJson(json));
        assertEquals("decoded record lacks field 'variant'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DecodedRecord.fromJson("[1]".getBytes(StandardCharsets.UTF_8)));
    }
}
