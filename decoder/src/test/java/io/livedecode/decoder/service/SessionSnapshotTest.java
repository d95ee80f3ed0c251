package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.decoder.model.StepResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The session snapshot's bytes are the documented layout, and read back to the same models. */
class SessionSnapshotTest {

    @Test
    void writesTheDocumentedLayoutAndReadsBackTheSameModels() throws IOException {
        DecoderMetrics metrics = new DecoderMetrics(new SimpleMeterRegistry());
        SessionRegistry sessions = new SessionRegistry(
                VariantCatalog.resolve(List.of("linear", "relu16-l2"), 360, 3, 20), metrics, 4);
        Session session = sessions.create("s", 0, 64);
        SplittableRandom random = new SplittableRandom(11);
        for (int f = 0; f < 30; f++) {
            float[] x = new float[64];
            for (int n = 0; n < x.length; n++) {
                x[n] = (float) random.nextDouble(0, 5);
            }
            for (VariantSlot slot : session.variants()) {
                slot.decoder().step(x, random.nextDouble(0, 360), new StepResult());
            }
        }
        byte[] written = SessionSnapshot.write(session);

        // The layout, as the README states it, written the plain way.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeInt(SessionSnapshot.VERSION);
            out.writeInt(64);
            out.writeInt(2);
            for (VariantSlot slot : session.variants()) {
                byte[] model = slot.decoder().snapshot();
                out.writeUTF(slot.name());
                out.writeInt(model.length);
                out.write(model);
            }
        }
        assertArrayEquals(expected.toByteArray(), written);

        SessionSnapshot.Restored restored = SessionSnapshot.read(written);
        assertEquals(64, restored.neurons());
        assertEquals(List.of("linear", "relu16-l2"), List.copyOf(restored.decoders().keySet()));
        for (VariantSlot slot : session.variants()) {
            assertArrayEquals(slot.decoder().snapshot(), restored.decoders().get(slot.name()).snapshot());
        }
    }
}
