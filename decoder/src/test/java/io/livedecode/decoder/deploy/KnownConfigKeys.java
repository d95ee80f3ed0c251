package io.livedecode.decoder.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration keys the service knows, read from the defaults file in its jar, and the
 * environment variable names they map to (LIVEDECODE_ + key upper-cased, '.' and '-' as '_').
 *
 * @param keys every key of the defaults file
 */
record KnownConfigKeys(Set<String> keys) {

    /** The defaults file that lists every key with its default. */
    static final String DEFAULTS = "decoder/src/main/resources/livedecode-defaults.properties";

    /** Kafka client properties pass through under these prefixes (SASL, TLS, tuning). */
    static final List<String> PASS_THROUGH_PREFIXES = List.of("kafka.common.", "kafka.consumer.", "kafka.producer.");

    /** Names the config file itself rather than a key. */
    static final String CONFIG_FILE_VARIABLE = "LIVEDECODE_CONFIG";

    static final String VARIABLE_PREFIX = "LIVEDECODE_";

    KnownConfigKeys {
        keys = Set.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the defaults file lists no keys");
        }
    }

    /** Reads the defaults file; fails when it is missing, since nothing could be checked. */
    static KnownConfigKeys load(Path repoRoot) {
        Path file = repoRoot.resolve(DEFAULTS);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: it must list every configuration key");
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            return new KnownConfigKeys(parse(reader).stringPropertyNames());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties parse(String propertiesText) {
        try {
            return parse(new StringReader(propertiesText));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties parse(Reader reader) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        return properties;
    }

    static String environmentVariable(String key) {
        return VARIABLE_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The keys (sorted) that the service would not recognise. */
    List<String> unknownKeys(Collection<String> candidates) {
        List<String> unknown = new ArrayList<>();
        for (String key : new TreeSet<>(candidates)) {
            boolean passThrough = PASS_THROUGH_PREFIXES.stream()
                    .anyMatch(prefix -> key.startsWith(prefix) && key.length() > prefix.length());
            if (!keys.contains(key) && !passThrough) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    /** The LIVEDECODE_* variables (sorted) that map to no key; other variables are not the service's. */
    List<String> unknownVariables(Collection<String> names) {
        Set<String> known = new TreeSet<>();
        keys.forEach(key -> known.add(environmentVariable(key)));
        List<String> unknown = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            if (!name.startsWith(VARIABLE_PREFIX) || name.equals(CONFIG_FILE_VARIABLE) || known.contains(name)) {
                continue;
            }
            boolean passThrough = PASS_THROUGH_PREFIXES.stream()
                    .map(KnownConfigKeys::environmentVariable)
                    .anyMatch(prefix -> name.startsWith(prefix) && name.length() > prefix.length());
            if (!passThrough) {
                unknown.add(name);
            }
        }
        return unknown;
    }
}
