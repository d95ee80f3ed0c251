package io.livedecode.decoder.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code livedecode_stage_seconds{stage, variant}}: how long each step of the decoding loop takes. Stages
 * without a variant carry {@code variant=""}. The timers are registered up front (per variant on first
 * use), so recording is a lookup and a histogram increment: no allocation on the loop's hot path.
 */
public final class StageTimers {

    static final String NAME = "livedecode.stage";

    private final MeterRegistry registry;
    private final Timer[] loopWide = new Timer[Stage.values().length];
    private final Map<String, Timer[]> byVariant = new ConcurrentHashMap<>();

    public StageTimers(MeterRegistry registry) {
        this.registry = registry;
        for (Stage s : Stage.values()) {
            if (!s.perVariant()) {
                loopWide[s.ordinal()] = timer(s, "");
            }
        }
    }

    /** Records a stage that has no variant. */
    public void record(Stage stage, long nanos) {
        loopWide[stage.ordinal()].record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** Records a per-variant stage. */
    public void record(Stage stage, String variant, long nanos) {
        Timer[] timers = byVariant.get(variant);
        if (timers == null) {
            timers = byVariant.computeIfAbsent(variant, this::variantTimers);
        }
        timers[stage.ordinal()].record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    private Timer[] variantTimers(String variant) {
        Timer[] timers = new Timer[Stage.values().length];
        for (Stage s : Stage.values()) {
            if (s.perVariant()) {
                timers[s.ordinal()] = timer(s, variant);
            }
        }
        return timers;
    }

    private Timer timer(Stage stage, String variant) {
        return Timer.builder(NAME).description("Time one step of the decoding loop takes, by stage (and variant)")
                .tag("stage", stage.code()).tag("variant", variant)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }
}
