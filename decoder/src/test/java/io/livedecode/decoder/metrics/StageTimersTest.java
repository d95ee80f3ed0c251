package io.livedecode.decoder.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StageTimersTest {

    @Test
    void stagesAreExposedWithStageAndVariantLabels() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StageTimers timers = new StageTimers(registry);
        timers.record(Stage.VALIDATE, 40_000);
        timers.record(Stage.PREDICT, "relu200", 2_500_000);
        timers.record(Stage.PREDICT, "relu200", 3_500_000);
        String text = registry.scrape();
        assertTrue(text.contains("livedecode_stage_seconds_count{stage=\"predict\",variant=\"relu200\"} 2"), text);
        assertTrue(text.contains("livedecode_stage_seconds_count{stage=\"validate\",variant=\"\"} 1"), text);
        // Every loop-wide stage is there from the start, at zero.
        for (Stage s : Stage.values()) {
            if (!s.perVariant()) {
                assertTrue(text.contains("livedecode_stage_seconds_bucket{stage=\"" + s.code() + "\",variant=\"\""), s.code());
            }
        }
        var predict = registry.find("livedecode.stage").tags("stage", "predict", "variant", "relu200").timer();
        assertEquals(6.0, predict.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(3.5, predict.max(TimeUnit.MILLISECONDS), 1e-9);
    }

    @Test
    void recordingAllocatesNothing() {
        StageTimers timers = new StageTimers(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        String variant = "relu200";
        for (int round = 0; round < 3; round++) {
            // Earlier rounds let the JIT compile the path (and register the variant's timers).
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 100_000; i++) {
                timers.record(Stage.POLL_WAIT, 1_000 + i);
                timers.record(Stage.PREDICT, variant, 2_000_000 + i);
                timers.record(Stage.LEARN, variant, 1_000_000 + i);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            if (round == 2) {
                // The counter's own bookkeeping may show a few bytes; per record it must be none.
                assertTrue(allocated < 300_000 / 100, "bytes allocated for 300,000 records: " + allocated);
            }
        }
    }
}
