package io.livedecode.decoder.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Typed, validated reads from a merged configuration map; every error names the key and value. */
final class ConfigValues {

    private final Map<String, String> values;

    ConfigValues(Map<String, String> values) {
        this.values = values;
    }

    String text(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new ConfigException("configuration key '" + key + "' is missing");
        }
        return value;
    }

    int intInRange(String key, int min, int max) {
        long value = longInRange(key, min, max);
        return (int) value;
    }

    long longInRange(String key, long min, long max) {
        String text = text(key);
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + "='" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new ConfigException(key + "=" + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    double positive(String key) {
        String text = text(key);
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + "='" + text + "' is not a number");
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ConfigException(key + "=" + text + " must be a positive finite number");
        }
        return value;
    }

    boolean bool(String key) {
        String text = text(key);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key + "='" + text + "' must be true or false");
        };
    }

    List<String> list(String key) {
        List<String> items = Arrays.stream(text(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (items.isEmpty()) {
            throw new ConfigException(key + " must name at least one item");
        }
        if (items.stream().distinct().count() != items.size()) {
            throw new ConfigException(key + "='" + text(key) + "' names an item twice");
        }
        return items;
    }

    /** Keys under {@code prefix}, with the prefix removed. */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
