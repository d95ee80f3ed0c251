package io.livedecode.decoder.provenance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The canonical text of a configuration record (a decoder variant's {@code DecoderConfig}) and
 * its short hash, which every decoded record carries so an output can be traced to the exact
 * configuration that made it.
 *
 * <p>Canonical form: compact JSON of the record's components, keys in alphabetical order; whole
 * numbers as integers, other numbers as Java prints a double ({@code 0.05}, {@code 1.0E-4}), enum
 * constants in lower case, lists as arrays, nested records as objects. It is built from the
 * record's components, so a field added to the configuration enters the text and the hash with
 * no change here. The hash is the first {@value #HASH_HEX_DIGITS} hex digits of the SHA-256 of
 * the text's UTF-8 bytes: {@code hashlib.sha256(text.encode()).hexdigest()[:12]} in Python.
 */
public final class ConfigText {

    public static final int HASH_HEX_DIGITS = 12;

    private static final JsonFactory JSON = new JsonFactory();
    /** Configurations are few and immutable; the hash is asked for on every decoded record. */
    private static final Map<Record, String> HASHES = new ConcurrentHashMap<>();

    private ConfigText() {
    }

    /** The canonical JSON text of {@code config}. */
    public static String canonicalJson(Record config) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The short hash of {@link #canonicalJson}. */
    public static String hash(Record config) {
        return HASHES.computeIfAbsent(config, c -> sha256(canonicalJson(c)).substring(0, HASH_HEX_DIGITS));
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case Record r -> {
                json.writeStartObject();
                RecordComponent[] components = r.getClass().getRecordComponents();
                Arrays.sort(components, Comparator.comparing(RecordComponent::getName));
                for (RecordComponent c : components) {
                    json.writeFieldName(c.getName());
                    write(json, component(r, c));
                }
                json.writeEndObject();
            }
            case List<?> list -> {
                json.writeStartArray();
                for (Object item : list) {
                    write(json, item);
                }
                json.writeEndArray();
            }
            case Enum<?> e -> json.writeString(e.name().toLowerCase(Locale.ROOT));
            case Boolean b -> json.writeBoolean(b);
            case Integer i -> json.writeNumber(i);
            case Long l -> json.writeNumber(l);
            // Java's shortest round-trip form; NaN and infinities, which JSON lacks, become strings.
            case Double d -> {
                if (Double.isFinite(d)) {
                    json.writeNumber(Double.toString(d));
                } else {
                    json.writeString(Double.toString(d));
                }
            }
            case CharSequence s -> json.writeString(s.toString());
            default -> throw new IllegalArgumentException("cannot write a configuration value of type "
                    + value.getClass().getName() + ": " + value);
        }
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }
}
