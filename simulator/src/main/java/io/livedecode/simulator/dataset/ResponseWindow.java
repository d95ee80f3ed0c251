package io.livedecode.simulator.dataset;

import java.util.Locale;

/**
 * The frames that make up a trial's response: those acquired at times {@code t} with
 * {@code onset + startSeconds <= t < onset + endSeconds}, averaged per neuron.
 *
 * @param startSeconds from the stimulus onset; may be negative (a baseline) or positive (to skip
 *                     the indicator's rise)
 * @param endSeconds   from the stimulus onset, greater than {@code startSeconds}
 */
public record ResponseWindow(double startSeconds, double endSeconds) {

    /** The first second after the onset. */
    public static final ResponseWindow DEFAULT = new ResponseWindow(0, 1);

    public ResponseWindow {
        if (!Double.isFinite(startSeconds) || !Double.isFinite(endSeconds) || !(endSeconds > startSeconds)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--window %s:%s must be START:END seconds after the onset, with END > START",
                    startSeconds, endSeconds));
        }
    }

    /** Parses {@code START:END}, e.g. {@code 0:1} or {@code 0.1:0.85}. */
    public static ResponseWindow parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--window '" + text + "' must be START:END in seconds, e.g. 0:1");
        }
        try {
            return new ResponseWindow(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--window '" + text + "' must be START:END in seconds, e.g. 0:1");
        }
    }

    @Override
    public String toString() {
        return "[onset" + signed(startSeconds) + " s, onset" + signed(endSeconds) + " s)";
    }

    /** {@code +0}, {@code +0.25}, {@code -1.5}: as short as the value allows. */
    private static String signed(double seconds) {
        String text = java.math.BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
        return seconds < 0 ? text : "+" + text;
    }
}
