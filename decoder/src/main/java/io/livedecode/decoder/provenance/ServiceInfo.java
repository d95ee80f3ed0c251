package io.livedecode.decoder.provenance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.model.DecoderConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The body of {@code GET /info}: what produced this decoder's outputs. The build version, every
 * variant with its configuration hash and full configuration (as hashed), the delivery mode and
 * the topic names. Nothing secret: no Kafka client properties, no token.
 *
 * <pre>
 * {"build":"0.1.0-SNAPSHOT","delivery_mode":"at-least-once",
 *  "topics":{"frames":"frames","decoded":"decoded","dead_letter":"frames.dlq","snapshots":"snapshots"},
 *  "variants":[{"name":"linear","config_hash":"5d0c4be1a9f2","config":{"activation":"linear",...}}],
 *  "admin_endpoints":false}
 * </pre>
 */
public final class ServiceInfo {

    private static final JsonFactory JSON = new JsonFactory();

    private ServiceInfo() {
    }

    /** @param variants configuration by variant name, in publication order */
    public static String json(ServiceConfig config, Map<String, DecoderConfig> variants) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("build", BuildVersion.current());
            json.writeStringField("delivery_mode", config.deliveryMode().text());
            json.writeObjectFieldStart("topics");
            json.writeStringField("frames", config.topics().frames());
            json.writeStringField("decoded", config.topics().decoded());
            json.writeStringField("dead_letter", config.topics().deadLetter());
            json.writeStringField("snapshots", config.topics().snapshots());
            json.writeEndObject();
            json.writeArrayFieldStart("variants");
            for (Map.Entry<String, DecoderConfig> v : variants.entrySet()) {
                json.writeStartObject();
                json.writeStringField("name", v.getKey());
                json.writeStringField("config_hash", ConfigText.hash(v.getValue()));
                json.writeFieldName("config");
                // Exactly the text the hash is taken of.
                json.writeRawValue(ConfigText.canonicalJson(v.getValue()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeBooleanField("admin_endpoints", config.adminEnabled());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
