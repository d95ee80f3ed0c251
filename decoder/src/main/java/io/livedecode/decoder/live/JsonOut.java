package io.livedecode.decoder.live;

/**
 * A small streaming JSON writer for the page's events, reused across ticks. Numbers go out either
 * rounded to what a chart can show or exactly (shortest text that reads back to the same double,
 * so the page can compare a value with the decoded topic's); NaN and infinities become null.
 */
final class JsonOut {

    private static final int MAX_DEPTH = 16;

    private final StringBuilder text = new StringBuilder(8192);
    private final boolean[] first = new boolean[MAX_DEPTH];
    private int depth;
    private boolean afterName;

    JsonOut reset() {
        text.setLength(0);
        depth = 0;
        afterName = false;
        first[0] = true;
        return this;
    }

    JsonOut beginObject() {
        return open('{');
    }

    JsonOut endObject() {
        return close('}');
    }

    JsonOut beginArray() {
        return open('[');
    }

    JsonOut endArray() {
        return close(']');
    }

    JsonOut name(String name) {
        separate();
        quoted(name);
        text.append(':');
        afterName = true;
        return this;
    }

    JsonOut value(String s) {
        separate();
        if (s == null) {
            text.append("null");
        } else {
            quoted(s);
        }
        return this;
    }

    JsonOut value(long v) {
        separate();
        text.append(v);
        return this;
    }

    /** {@code v} rounded to {@code decimals} (0-6) places. */
    JsonOut value(double v, int decimals) {
        separate();
        if (!Double.isFinite(v)) {
            text.append("null");
            return this;
        }
        double scale = SCALES[decimals];
        double rounded = Math.round(v * scale) / scale;
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            text.append((long) rounded);
        } else {
            text.append(rounded);
        }
        return this;
    }

    /** {@code v} exactly: the shortest decimal that parses back to the same double. */
    JsonOut exact(double v) {
        separate();
        if (Double.isFinite(v)) {
            text.append(v);
        } else {
            text.append("null");
        }
        return this;
    }

    String text() {
        return text.toString();
    }

    int length() {
        return text.length();
    }

    private static final double[] SCALES = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};

    private JsonOut open(char bracket) {
        separate();
        text.append(bracket);
        if (++depth >= MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        first[depth] = true;
        return this;
    }

    private JsonOut close(char bracket) {
        text.append(bracket);
        depth--;
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!first[depth]) {
            text.append(',');
        }
        first[depth] = false;
    }

    private void quoted(String s) {
        text.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }
}
