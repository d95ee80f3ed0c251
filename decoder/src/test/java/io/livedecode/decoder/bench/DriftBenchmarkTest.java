package io.livedecode.decoder.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.PopulationSuite;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default variants' drift response on the built-in session at its own size (the drift benchmark's
 * session): no alarm in 4,598 stationary frames; after an abrupt per-neuron gain change (log-sd 1.0)
 * every default is back within 1.2x of its error before the change 300 frames later. The detector
 * must fire within 50 labelled frames wherever the change at least doubled the median error of
 * those 50 frames (Page-Hinkley's tolerance of 0.3 and threshold of 15 need a sustained rise of about
 * 1.8x to fire in 50 frames); linear's error rises far more than that, so at least its detector
 * must fire. relu200, whose rate has decayed by then, is hurt far less by the step: its detector
 * stays silent and it needs no alarm to recover.
 */
class DriftBenchmarkTest {

    private static final TrialSource SESSION = new SyntheticPopulation(PopulationConfig.defaults());
    private static final Map<String, DecoderConfig> DEFAULTS = VariantCatalog.resolve(VariantCatalog.DEFAULT_VARIANTS,
            360, 1, 200);
    private static final DriftBenchmark BENCH = new DriftBenchmark(DriftBenchmark.Settings.defaults(),
            new PrintStream(new ByteArrayOutputStream()));

    @Test
    void theDefaultsRaiseNoAlarmOnAStationarySession() {
        assertEquals(4_598, SESSION.trials());
        assertEquals(23_589, SESSION.neurons());
        for (DriftBenchmark.Result r : BENCH.stationary(SESSION, DEFAULTS)) {
            assertEquals(0, r.alarmsBefore(), r.variant() + " false alarms");
        }
    }

    @Test
    void theDefaultsRecoverFromAGainStepAndAlarmsComeWhereTheErrorDoubled() {
        var step = BENCH.scenarios(1).getFirst();
        assertEquals(1.0, step.magnitude());
        List<DriftBenchmark.Result> results = BENCH.scenario(step, SESSION, PopulationSuite.preferredDegrees(SESSION),
                DEFAULTS);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        BENCH.print(results, SESSION.trials(), new PrintStream(table));
        int fired = 0;
        for (DriftBenchmark.Result r : results) {
            String row = r + "\n" + table;
            assertEquals(0, r.alarmsBefore(), row);
            assertTrue(r.ratioAtCheck() <= 1.2, row);
            if (r.ratioEarly() >= 2) {
                assertTrue(r.firstAlarmAfter() >= 1 && r.firstAlarmAfter() <= 50, row);
                fired++;
            }
        }
        assertTrue(fired >= 1, "no default's error doubled after the step, so nothing tested the detector\n" + table);
        System.out.print(table);
    }
}
