package io.livedecode.simulator.calibration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CircularErrorTest {

    @Test
    void measuresTheShortWayRound() {
        assertEquals(2.0, CircularError.absoluteDegrees(359, 1, 360), 1e-12);
        assertEquals(2.0, CircularError.absoluteDegrees(1, 359, 360), 1e-12);
        assertEquals(180.0, CircularError.absoluteDegrees(10, 190, 360), 1e-12);
        assertEquals(2.0, CircularError.absoluteDegrees(179, 1, 180), 1e-12);
        assertEquals(0.0, CircularError.absoluteDegrees(10, 190, 180), 1e-12);
        assertEquals(30.0, CircularError.absoluteDegrees(-20, 10, 360), 1e-12);
    }

    @Test
    void wrapsIntoOnePeriod() {
        assertEquals(350.0, CircularError.wrap(-10, 360), 1e-12);
        assertEquals(10.0, CircularError.wrap(370, 360), 1e-12);
        assertEquals(0.0, CircularError.wrap(-1e-18, 360));
        assertEquals(10.0, CircularError.wrap(190, 180), 1e-12);
    }

    @Test
    void rejectsNonPositivePeriod() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CircularError.absoluteDegrees(1, 2, 0));
        assertEquals("periodDegrees must be positive and finite, got 0.0", e.getMessage());
    }
}
