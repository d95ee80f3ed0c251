package io.livedecode.decoder.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Late labels: {@code livedecode_labels_total{outcome}}, {@code livedecode_label_wait_seconds}
 * (a frame's arrival to its label's), and what the join holds in memory: {@code
 * livedecode_label_queues} (sessions' queues) and {@code livedecode_label_queued_frames} (frames
 * whose responses wait to be learned). Registered only when labels are enabled.
 */
public final class LabelMetrics {

    /** The outcomes, registered at zero so a dashboard sees them before the first label. */
    public static final List<String> OUTCOMES = List.of("matched", "expired", "unmatched", "duplicate", "refused");

    private final Map<String, Counter> outcomes;
    private final Timer wait;
    private final AtomicLong queues = new AtomicLong();
    private final AtomicLong queuedFrames = new AtomicLong();

    public LabelMetrics(MeterRegistry registry) {
        this.outcomes = OUTCOMES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                o -> Counter.builder("livedecode.labels").description("Late label records, by what became of them")
                        .tag("outcome", o).register(registry)));
        this.wait = Timer.builder("livedecode.label.wait")
                .description("From a LABEL_FOLLOWS frame's arrival to its label's (0 when the label came first)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        Gauge.builder("livedecode.label.queues", queues, AtomicLong::get)
                .description("Sessions whose late-labels queue is in memory").register(registry);
        Gauge.builder("livedecode.label.queued.frames", queuedFrames,
                        AtomicLong::get)
                .description("Decoded frames whose responses the late-labels join holds until they are learned")
                .register(registry);
    }

    /** What the join holds, set by the decoding loop (the join itself is the loop thread's). */
    public void held(long queueCount, long frames) {
        queues.set(queueCount);
        queuedFrames.set(frames);
    }

    public void counted(String outcome) {
        Counter c = outcomes.get(outcome);
        if (c == null) {
            throw new IllegalArgumentException("unknown label outcome '" + outcome + "', expected one of " + OUTCOMES);
        }
        c.increment();
    }

    public void waited(long nanos) {
        wait.record(nanos, TimeUnit.NANOSECONDS);
    }
}
