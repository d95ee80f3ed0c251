package io.livedecode.decoder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.TargetEncoding;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantCatalogTest {

    @Test
    void namesMapToTheModelPresets() {
        assertEquals(DecoderConfig.linear(), VariantCatalog.resolve("linear", 360, 1, 200));
        assertEquals(DecoderConfig.relu(200), VariantCatalog.resolve("relu200", 360, 1, 200));
        assertEquals(DecoderConfig.reluL2(50, 0.01), VariantCatalog.resolve("relu50-l2", 360, 1, 200));
        assertEquals(DecoderConfig.reluRehearsal(200), VariantCatalog.resolve("relu200-rehearsal", 360, 1, 200));
        DecoderConfig combined = VariantCatalog.resolve("relu100-l1-dropout-raw", 180, 7, 50);
        assertEquals(List.of(100), combined.hiddenLayers());
        assertEquals(VariantCatalog.L1, combined.l1());
        assertEquals(VariantCatalog.DROPOUT, combined.dropout());
        assertEquals(TargetEncoding.RAW_DEGREES, combined.targetEncoding());
        assertEquals(180, combined.periodDegrees());
        assertEquals(7, combined.seed());
        assertEquals(50, combined.statsWindow());
        assertEquals(List.of("linear", "relu200"),
                List.copyOf(VariantCatalog.resolve(List.of("linear", "relu200"), 360, 1, 200).keySet()));
    }

    @Test
    void badNamesAreRefusedByName() {
        assertEquals("decoder variant 'deep' is not linear or relu<units> with optional suffixes -l2, -l1, -dropout,"
                + " -raw, -rehearsal (e.g. relu200-l2)", message("deep"));
        assertEquals("decoder variant 'relu200-l3' has unknown suffix '-l3'; known: -l2, -l1, -dropout, -raw,"
                + " -rehearsal", message("relu200-l3"));
        assertEquals("decoder variant 'relu0' needs at least 1 hidden unit", message("relu0"));
        assertEquals("decoder variant 'linear-dropout': dropout 0.2 needs at least one hidden layer; this network has none",
                message("linear-dropout"));
    }

    private static String message(String name) {
        return assertThrows(ConfigException.class, () -> VariantCatalog.resolve(name, 360, 1, 200)).getMessage();
    }
}
