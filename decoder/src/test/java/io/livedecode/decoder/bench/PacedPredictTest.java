package io.livedecode.decoder.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.model.KernelThreads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A short paced run prints every mode for one thread and for all cores, with figures a predict of that size can take. */
class PacedPredictTest {
    private static final Pattern ROW = Pattern.compile(
            "(\\d+) kernel threads? +(.+?) +([\\d.]+) / +([\\d.]+) / +([\\d.]+)");

    @Test
    void printsEveryModeForOneThreadAndForAllCores() {
        int before = KernelThreads.current();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PacedPredict.run(30, 200, 3_000, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("relu200 predict, 3,000 neurons, frames due every 5.0 ms, 30 per mode"
                + " (back to back: 40 a frame); p50 / p90 / p99 ms"), printed);
        List<Matcher> rows = printed.lines().map(ROW::matcher).filter(Matcher::matches).toList();
        int counts = KernelThreads.available() > 1 ? 2 : 1;
        assertEquals(5 * counts, rows.size(), printed);
        for (int i = 0; i < rows.size(); i++) {
            Matcher m = rows.get(i);
            assertEquals(i < 5 ? 1 : KernelThreads.available(), Integer.parseInt(m.group(1)), m.group());
            double p50 = Double.parseDouble(m.group(3));
            double p90 = Double.parseDouble(m.group(4));
            double p99 = Double.parseDouble(m.group(5));
            // 3,000 x 200 weights: well under a millisecond a predict, never nothing; the rest of the
            // row is printed in that order from one sorted array.
            assertTrue(p50 > 0 && p50 < 50, m.group());
            assertTrue(p90 >= p50 && p99 >= p90 && p99 < 500, m.group());
        }
        assertEquals(before, KernelThreads.current(), "the thread count is put back");
    }
}
