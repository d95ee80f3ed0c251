package io.livedecode.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnglesTest {

    @Test
    void wrapsIntoThePeriod() {
        assertEquals(350, Angles.wrap(-10, 360), 1e-12);
        assertEquals(0, Angles.wrap(360, 360));
        assertEquals(90, Angles.wrap(270, 180), 1e-12);
        assertEquals(0, Angles.wrap(-1e-17, 360));
        assertTrue(Double.isNaN(Angles.wrap(Double.NaN, 360)));
    }

    @Test
    void circularDistanceIsShortestWayRound() {
        assertEquals(2, Angles.circularDistance(359, 1, 360), 1e-12);
        assertEquals(2, Angles.circularDistance(1, 359, 360), 1e-12);
        assertEquals(180, Angles.circularDistance(0, 180, 360), 1e-12);
        assertEquals(0, Angles.circularDistance(10, 190, 180), 1e-12);
        assertEquals(90, Angles.circularDistance(0, 90, 180), 1e-12);
    }

    @Test
    void measuresTheShortWayRoundForDirectionAndOrientation() {
        assertEquals(2.0, Angles.circularDistance(359, 1, 360), 1e-12);
        assertEquals(180.0, Angles.circularDistance(10, 190, 360), 1e-12);
        assertEquals(2.0, Angles.circularDistance(179, 1, 180), 1e-12);
        assertEquals(0.0, Angles.circularDistance(10, 190, 180), 1e-12);
        assertEquals(30.0, Angles.circularDistance(-20, 10, 360), 1e-12);
        assertEquals(10.0, Angles.wrap(190, 180), 1e-12);
        assertEquals(0.0, Angles.wrap(-1e-18, 360));
    }
}
