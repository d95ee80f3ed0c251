package io.livedecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftAlarmsTest {

    @Test
    void noDetectorMeansNoAlarms() {
        assertEquals(Map.of(), DriftAlarms.read(new SimpleMeterRegistry()));
    }

    @Test
    void readsTheDetectorsCounterBySessionAndVariant() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter.builder(DriftAlarms.METER).tag("session", "m1").tag("variant", "relu200").register(registry).increment(2);
        Counter.builder(DriftAlarms.METER).tag("session", "m1").tag("variant", "linear").register(registry);
        Counter.builder(DriftAlarms.METER).tag("session", "m2").tag("variant", "linear").register(registry).increment();
        assertEquals(Map.of("m1", Map.of("relu200", 2.0), "m2", Map.of("linear", 1.0)), DriftAlarms.read(registry));
    }
}
