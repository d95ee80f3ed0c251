package io.livedecode.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The decoder's answer for one frame and one decoder variant, published as JSON on the
 * {@code decoded} topic with the session id as key.
 *
 * <pre>
 * {"session":"mouse1","frame_index":41,"variant":"relu200","decoded_deg":123.4,
 *  "true_deg":121.0,"error_deg":2.4,"model_version":41,
 *  "acquired_ns":1764403200000000000,"decoded_ns":1764403200003100000,
 *  "build":"0.1.0-SNAPSHOT","config_hash":"3f9a1c0d5e27","stale":false}
 * </pre>
 *
 * {@code true_deg} and {@code error_deg} are {@code null} for unlabelled frames. {@code error_deg}
 * is the circular absolute error measured before the model learned from the frame (prequential).
 * {@code model_version} counts the updates the model had applied when it decoded the frame.
 * Latency is {@code decoded_ns - acquired_ns}. {@code build} is the decoder's build version and
 * {@code config_hash} identifies the variant's configuration (the decoder's {@code /info} lists
 * both); they are {@code null} in records written before they existed, which still parse.
 * {@code stale} is true when the frame was older than the decoder's configured age on arrival
 * (false when absent).
 *
 * @param build      build version of the decoder that wrote the record; null if unknown
 * @param configHash short hash of the variant's configuration; null if unknown
 * @param stale      the frame was older than the configured age when it arrived
 */
public record DecodedRecord(
        String session,
        long frameIndex,
        String variant,
        double decodedDegrees,
        double trueDegrees,
        double errorDegrees,
        long modelVersion,
        long acquiredNanos,
        long decodedNanos,
        String build,
        String configHash,
        boolean stale) {

    private static final JsonFactory JSON = new JsonFactory();

    public DecodedRecord {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(variant, "variant");
    }

    /** A record without provenance (build and configuration hash unknown). */
    public DecodedRecord(String session, long frameIndex, String variant, double decodedDegrees, double trueDegrees,
                         double errorDegrees, long modelVersion, long acquiredNanos, long decodedNanos) {
        this(session, frameIndex, variant, decodedDegrees, trueDegrees, errorDegrees, modelVersion, acquiredNanos,
                decodedNanos, null, null, false);
    }

    /** True when the frame carried its stimulus, so the error is known. */
    public boolean labelled() {
        return !Double.isNaN(trueDegrees);
    }

    /** Nanoseconds from acquisition to decoding. */
    public long latencyNanos() {
        return decodedNanos - acquiredNanos;
    }

    /** Serialises to UTF-8 JSON. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("session", session);
            json.writeNumberField("frame_index", frameIndex);
            json.writeStringField("variant", variant);
            json.writeNumberField("decoded_deg", decodedDegrees);
            writeOptional(json, "true_deg", trueDegrees);
            writeOptional(json, "error_deg", errorDegrees);
            json.writeNumberField("model_version", modelVersion);
            json.writeNumberField("acquired_ns", acquiredNanos);
            json.writeNumberField("decoded_ns", decodedNanos);
            writeOptional(json, "build", build);
            writeOptional(json, "config_hash", configHash);
            json.writeBooleanField("stale", stale);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Parses a record written by {@link #toJson()}; unknown fields are ignored so that newer
     * writers stay readable.
     *
     * @throws IllegalArgumentException naming the missing or malformed field
     */
    public static DecodedRecord fromJson(byte[] utf8) {
        Fields f = new Fields();
        try (JsonParser parser = JSON.createParser(utf8)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("decoded record is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                f.read(name, token, parser);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("decoded record is not valid JSON: " + e.getMessage(), e);
        }
        return f.build();
    }

    private static void writeOptional(JsonGenerator json, String name, double value) throws IOException {
        if (Double.isNaN(value)) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    private static void writeOptional(JsonGenerator json, String name, String value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, value);
        }
    }

    /** Mutable accumulator for parsing; keeps {@link #fromJson} flat. */
    private static final class Fields {
        String session;
        String variant;
        Long frameIndex;
        Long modelVersion;
        Long acquiredNanos;
        Long decodedNanos;
        Double decoded;
        double trueDegrees = Double.NaN;
        double error = Double.NaN;
        String buildVersion;
        String configHash;
        boolean stale;

        void read(String name, JsonToken token, JsonParser parser) throws IOException {
            switch (name) {
                case "session" -> session = parser.getValueAsString();
                case "variant" -> variant = parser.getValueAsString();
                case "frame_index" -> frameIndex = parser.getLongValue();
                case "model_version" -> modelVersion = parser.getLongValue();
                case "acquired_ns" -> acquiredNanos = parser.getLongValue();
                case "decoded_ns" -> decodedNanos = parser.getLongValue();
                case "decoded_deg" -> decoded = parser.getDoubleValue();
                case "true_deg" -> trueDegrees = token == JsonToken.VALUE_NULL ? Double.NaN : parser.getDoubleValue();
                case "error_deg" -> error = token == JsonToken.VALUE_NULL ? Double.NaN : parser.getDoubleValue();
                case "build" -> buildVersion = token == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                case "config_hash" -> configHash = token == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                case "stale" -> stale = token == JsonToken.VALUE_TRUE;
                default -> parser.skipChildren();
            }
        }

        DecodedRecord build() {
            return new DecodedRecord(require(session, "session"), require(frameIndex, "frame_index"),
                    require(variant, "variant"), require(decoded, "decoded_deg"), trueDegrees, error,
                    require(modelVersion, "model_version"), require(acquiredNanos, "acquired_ns"),
                    require(decodedNanos, "decoded_ns"), buildVersion, configHash, stale);
        }

        private static <T> T require(T value, String name) {
            if (value == null) {
                throw new IllegalArgumentException("decoded record lacks field '" + name + "'");
            }
            return value;
        }
    }
}
