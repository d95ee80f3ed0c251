package io.livedecode.decoder.config;

import java.util.Arrays;

/** How outputs and consumer offsets are committed. */
public enum DeliveryMode {
    /** Outputs are sent, offsets committed afterwards: a crash can repeat outputs, never lose them. */
    AT_LEAST_ONCE("at-least-once"),
    /** Outputs and offsets commit in one Kafka transaction: read_committed consumers see each once. */
    EXACTLY_ONCE("exactly-once");

    private final String text;

    DeliveryMode(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static DeliveryMode parse(String value) {
        return Arrays.stream(values()).filter(m -> m.text.equals(value)).findFirst()
                .orElseThrow(() -> new ConfigException("delivery.mode '" + value
                        + "' is not one of [at-least-once, exactly-once]"));
    }
}
