package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.protocol.DecodedRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decoded records read back as a downstream consumer sees them (read_committed), keyed by
 * session, variant and frame, with the bits that must match an uninterrupted run: decoded angle,
 * error and model version. Repeats must be identical; in exactly-once there must be none.
 */
final class DecodedOutputs {

    /** The compared value of one output. */
    record Value(long decodedBits, long errorBits, long modelVersion) {
        static Value of(DecodedRecord d) {
            return new Value(Double.doubleToRawLongBits(d.decodedDegrees()), Double.doubleToRawLongBits(d.errorDegrees()),
                    d.modelVersion());
        }
    }

    final Map<String, Value> values = new TreeMap<>();
    int duplicates;

    private DecodedOutputs() {
    }

    static String key(DecodedRecord d) {
        return d.session() + "/" + d.variant() + "#" + d.frameIndex();
    }

    /** Reads until {@code expected} distinct outputs are there (or the timeout), then checks repeats. */
    static DecodedOutputs read(String bootstrap, String topic, int expected, boolean exactlyOnce, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(bootstrap, topic,
                got -> got.stream().map(r -> key(DecodedRecord.fromJson(r.value()))).distinct().count() >= expected,
                timeout);
        DecodedOutputs out = new DecodedOutputs();
        for (ConsumerRecord<String, byte[]> r : records) {
            DecodedRecord d = DecodedRecord.fromJson(r.value());
            Value v = Value.of(d);
            Value previous = out.values.put(key(d), v);
            if (previous != null) {
                out.duplicates++;
                assertTrue(!exactlyOnce, () -> key(d) + " published twice in exactly-once");
                assertEquals(previous, v, () -> "a repeated output of " + key(d) + " differs");
            }
        }
        return out;
    }

    /** Fails naming the first outputs that are missing or differ from {@code reference}. */
    void assertEqualTo(DecodedOutputs reference, String context) {
        List<String> missing = reference.values.keySet().stream().filter(k -> !values.containsKey(k)).toList();
        List<String> differ = reference.values.keySet().stream()
                .filter(k -> values.containsKey(k) && !values.get(k).equals(reference.values.get(k))).toList();
        Map<String, Value> extra = new HashMap<>(values);
        extra.keySet().removeAll(reference.values.keySet());
        assertTrue(missing.isEmpty() && differ.isEmpty() && extra.isEmpty(), () -> missing.size() + " missing "
                + head(missing) + ", " + differ.size() + " differ " + head(differ) + ", " + extra.size()
                + " unexpected " + head(List.copyOf(extra.keySet())) + "\n" + context);
    }

    private static List<String> head(List<String> keys) {
        return keys.subList(0, Math.min(8, keys.size()));
    }
}
