package io.livedecode.simulator.calibration;

import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.SyntheticPopulation;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Hands the trials of a range to a consumer in index order. Synthetic sources, whose trials are
 * independent computations, are generated a batch at a time on all cores; any other source is
 * read one trial at a time, since the interface does not promise thread safety.
 */
final class TrialReader {

    private static final int BATCH = 32;

    private TrialReader() {
    }

    static void forEach(TrialSource source, int from, int to, Consumer<Trial> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        forEachBatch(source, from, to, batch -> {
            for (Trial trial : batch) {
                consumer.accept(trial);
            }
        });
    }

    /** Hands consecutive runs of trials (at most {@value #BATCH} each) to {@code consumer}, in order. */
    static void forEachBatch(TrialSource source, int from, int to, Consumer<Trial[]> consumer) {
        checkRange(source, from, to);
        Objects.requireNonNull(consumer, "consumer");
        boolean parallel = source instanceof SyntheticPopulation;
        for (int start = from; start < to; start += BATCH) {
            IntStream indices = IntStream.range(start, Math.min(to, start + BATCH));
            Trial[] batch = (parallel ? indices.parallel() : indices).mapToObj(source::trial).toArray(Trial[]::new);
            for (int k = 0; k < batch.length; k++) {
                if (batch[k].index() != start + k) {
                    throw new IllegalStateException("trial " + (start + k) + " came back as " + batch[k].index());
                }
            }
            consumer.accept(batch);
        }
    }

    static void checkRange(TrialSource source, int from, int to) {
        Objects.requireNonNull(source, "source");
        if (from < 0 || to > source.trials() || from >= to) {
            throw new IllegalArgumentException(String.format(
                    "trial range [%d, %d) is empty or outside the session's %d trials", from, to, source.trials()));
        }
    }
}
