package io.livedecode.decoder.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livedecode.decoder.model.Activation;
import io.livedecode.decoder.model.DecoderConfig;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTextTest {

    /** A configuration-like record with one value of each kind. */
    record Sample(List<Integer> hidden, double rate, Activation activation, long seed, int window, double tiny) {
    }

    @Test
    void canonicalTextAndHashAreFixed() {
        Sample s = new Sample(List.of(200, 50), 0.05, Activation.RELU, 1, 200, 1e-8);
        String text = ConfigText.canonicalJson(s);
        assertEquals("{\"activation\":\"relu\",\"hidden\":[200,50],\"rate\":0.05,\"seed\":1,\"tiny\":1.0E-8,"
                + "\"window\":200}", text);
        // Python: hashlib.sha256(text.encode()).hexdigest()[:12]
        assertEquals("7189528e45d7", ConfigText.hash(s));
    }

    @Test
    void everyFieldOfTheDecoderConfigurationIsInTheTextInNameOrder() throws Exception {
        DecoderConfig config = DecoderConfig.reluRehearsal(200);
        JsonNode json = new ObjectMapper().readTree(ConfigText.canonicalJson(config));
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        List<String> components = Arrays.stream(DecoderConfig.class.getRecordComponents())
                .map(RecordComponent::getName).sorted().toList();
        assertEquals(components, keys);
        assertEquals(config.learningRate(), json.get("learningRate").asDouble());
        assertEquals("rmsprop", json.get("optimizer").asText());
        assertEquals(200, json.get("hiddenLayers").get(0).asInt());
        assertEquals(config.rehearsalReplays(), json.get("rehearsalReplays").asInt());
    }

    @Test
    void theHashFollowsTheConfigurationNotTheInstance() {
        DecoderConfig a = DecoderConfig.relu(200);
        DecoderConfig b = DecoderConfig.relu(200).toBuilder().build();
        DecoderConfig c = DecoderConfig.relu(200).toBuilder().learningRate(0.051).build();
        assertEquals(ConfigText.hash(a), ConfigText.hash(b));
        assertNotEquals(ConfigText.hash(a), ConfigText.hash(c));
        assertTrue(ConfigText.hash(a).matches("[0-9a-f]{12}"), ConfigText.hash(a));
        assertEquals(ConfigText.sha256(ConfigText.canonicalJson(a)).substring(0, 12), ConfigText.hash(a));
    }
}
