package io.livedecode.decoder.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges the configuration layers into one flat key/value map: defaults from the jar, then a
 * properties file, then environment variables, then command-line flags (later layers win).
 * Keys must exist in the defaults unless they sit under a Kafka pass-through prefix.
 */
public final class ConfigLayers {

    /** Classpath resource holding every known key with its default. */
    public static final String DEFAULTS = "/livedecode-defaults.properties";
    /** Environment variable naming a configuration file. */
    public static final String CONFIG_FILE_ENV = "LIVEDECODE_CONFIG";
    /** Prefixes whose keys are handed to the Kafka clients untouched. */
    public static final List<String> PASS_THROUGH = List.of("kafka.common.", "kafka.consumer.", "kafka.producer.");

    private static final String ENV_PREFIX = "LIVEDECODE_";
    /** Secrets taken exactly as given: a space at either end may be part of a password. */
    private static final Set<String> VERBATIM = Set.of("kafka.sasl.password", "kafka.ssl.truststore.password");

    private final Map<String, String> defaults;

    private ConfigLayers(Map<String, String> defaults) {
        this.defaults = defaults;
    }

    /** Layers backed by the defaults shipped in the jar. */
    public static ConfigLayers withBuiltInDefaults() {
        try (InputStream in = ConfigLayers.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULTS + " is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return new ConfigLayers(toMap(properties));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
    }

    /** Every known key with its default value, sorted. */
    public Map<String, String> defaults() {
        return defaults;
    }

    /**
     * Merges the layers.
     *
     * @param file  a properties file, or null; when null, {@code LIVEDECODE_CONFIG} may name one
     * @param env   the process environment
     * @param flags key/value pairs from the command line
     */
    public Map<String, String> merge(Path file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> merged = new TreeMap<>(defaults);
        Path configFile = file != null ? file
                : env.containsKey(CONFIG_FILE_ENV) && !env.get(CONFIG_FILE_ENV).isBlank()
                ? Path.of(env.get(CONFIG_FILE_ENV)) : null;
        if (configFile != null) {
            putChecked(merged, readFile(configFile), "file " + configFile);
        }
        putChecked(merged, fromEnvironment(env), "environment");
        putChecked(merged, flags, "command line");
        return merged;
    }

    /** The environment variable that sets {@code key}. */
    public static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> found = new TreeMap<>();
        for (String key : defaults.keySet()) {
            String value = env.get(environmentName(key));
            if (value != null) {
                found.put(key, value);
            }
        }
        // Kafka client keys are dotted lower-case words, so LIVEDECODE_KAFKA_COMMON_SASL_MECHANISM
        // maps back to kafka.common.sasl.mechanism unambiguously.
        for (Map.Entry<String, String> e : env.entrySet()) {
            for (String prefix : PASS_THROUGH) {
                String envPrefix = environmentName(prefix);
                if (e.getKey().startsWith(envPrefix) && e.getKey().length() > envPrefix.length()) {
                    String rest = e.getKey().substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                    found.put(prefix + rest, e.getValue());
                }
            }
        }
        return found;
    }

    private void putChecked(Map<String, String> merged, Map<String, String> layer, String source) {
        for (Map.Entry<String, String> e : layer.entrySet()) {
            String key = e.getKey();
            boolean passThrough = PASS_THROUGH.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length());
            if (!passThrough && !defaults.containsKey(key)) {
                throw new ConfigException("unknown configuration key '" + key + "' from " + source
                        + "; known keys: " + defaults.keySet() + " and the pass-through prefixes " + PASS_THROUGH);
            }
            merged.put(key, VERBATIM.contains(key) ? e.getValue() : e.getValue().strip());
        }
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file " + file + " does not exist or is not a file");
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            Properties properties = new Properties();
            properties.load(reader);
            return toMap(properties);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }
}
