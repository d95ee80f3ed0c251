package io.livedecode.simulator.synthetic;

/** Argument checks whose messages name the parameter and the offending value. */
final class Checks {

    private Checks() {
    }

    static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    static void positiveFinite(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }

    static void nonNegativeFinite(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be non-negative and finite, got " + value);
        }
    }

    static void inRange(String name, double value, double lowInclusive, double highInclusive) {
        if (!(value >= lowInclusive && value <= highInclusive)) {
            throw new IllegalArgumentException(String.format(
                    "%s must be in [%s, %s], got %s", name, lowInclusive, highInclusive, value));
        }
    }
}
