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
        checkRange(source, from, to);
        Objects.requireNonNull(consumer, "consumer");
        if (!(source instanceof SyntheticPopulation)) {
            for (int i = from; i < to; i++) {
                consumer.accept(source.trial(i));
            }
            return;
        }
        for (int start = from; start < to; start += BATCH) {
            int first = start;
            Trial[] batch = IntStream.range(start, Math.min(to, start + BATCH)).parallel()
                    .mapToObj(source::trial).toArray(Trial[]::new);
            for (int k = 0; k < batch.length; k++) {
                if (batch[k].index() != first + k) {
                    throw new IllegalStateException("trial " + (first + k) + " came back as " + batch[k].index());
                }
                consumer.accept(batch[k]);
            }
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
