package io.livedecode.simulator.calibration;

import io.livedecode.simulator.synthetic.PopulationConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationReportTest {

    private static final PopulationConfig SMALL = PopulationConfig.defaults().withNeurons(600).withTrials(900).withSeed(3);

    @Test
    void tableListsEveryStatisticWithItsTarget() {
        String table = CalibrationReport.table(SMALL, 200);
        assertTrue(table.startsWith("synthetic population: 600 neurons x 900 trials, period 360 deg, seed 3"), table);
        for (String row : List.of("von Mises kappa, median", "OSI (pref-orth)/(pref+orth), median",
                "DSI (pref-null)/(pref+null), median", "split-half reliability (1 deg bins), median",
                "response mean", "response median", "response 99th percentile",
                "ridge median abs error, last 200 trials (deg)", "trial generation, one thread (ms/trial)")) {
            assertTrue(table.contains(row), "missing row " + row + " in\n" + table);
        }
        assertTrue(table.contains("3.30 - 4.30"), table);
    }

    @Test
    void orientationSessionsHaveNoDirectionRow() {
        List<CalibrationReport.Row> rows = CalibrationReport.measure(SMALL.withPeriodDegrees(180), 200);
        assertTrue(rows.stream().noneMatch(r -> r.statistic().startsWith("DSI")));
        CalibrationReport.Row ridge = rows.stream().filter(r -> r.statistic().startsWith("ridge median")).findFirst()
                .orElseThrow();
        assertTrue(ridge.measured() >= 0 && ridge.measured() < 90, "error " + ridge.measured());
    }

    @Test
    void rejectsATestSetThatLeavesNothingToTrainOn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CalibrationReport.measure(SMALL, 895));
        assertEquals("testTrials 895 leaves too few of the 900 trials to train on", e.getMessage());
    }
}
