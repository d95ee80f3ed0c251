package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.decoder.model.SnapshotStaging;
import io.livedecode.decoder.model.StepResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/**
 * The session snapshot's bytes are the documented layout, read back to the same models, and a
 * capture serialised later elsewhere gives the bytes of the moment it was taken.
 */
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

        // The layout, as the README states it, written the plain way: without join state, version 1,
        // which builds from before the join state read as well.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeInt(SessionSnapshot.VERSION_1);
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
        assertEquals(SessionSnapshot.VERSION_1, SessionSnapshot.versionOf(written));
        assertEquals(null, SessionSnapshot.read(written).join());

        SessionSnapshot.Restored restored = SessionSnapshot.read(written);
        assertEquals(64, restored.neurons());
        assertEquals(List.of("linear", "relu16-l2"), List.copyOf(restored.decoders().keySet()));
        for (VariantSlot slot : session.variants()) {
            assertArrayEquals(slot.decoder().snapshot(), restored.decoders().get(slot.name()).snapshot());
        }
    }

    @Test
    void version2CarriesTheJoinStateAndVersion1IsStillRead() throws IOException {
        DecoderMetrics metrics = new DecoderMetrics(new SimpleMeterRegistry());
        SessionRegistry sessions = new SessionRegistry(VariantCatalog.resolve(List.of("linear"), 360, 3, 20), metrics, 4);
        Session session = sessions.create("s", 0, 16);
        train(session, new SplittableRandom(1), 12);
        LabelQueue q = new LabelQueue("s", 0, 3, 40);
        for (int i = 0; i < 5; i++) {
            float[] x = new float[16];
            x[i] = i + 0.5f;
            q.admit(100 + i, i, x, Double.NaN, true, new double[] {i}, 0, false);
        }
        q.offer(2, 33);
        q.offer(9, 90);
        byte[] written = SessionSnapshot.write(session, q.save(55));
        SessionSnapshot.Restored back = SessionSnapshot.read(written);
        assertEquals(16, SessionSnapshot.neurons(written));
        assertArrayEquals(session.variants().getFirst().decoder().snapshot(),
                back.decoders().get("linear").snapshot());
        LabelQueue.Saved join = back.join();
        assertEquals(55, join.labelsPosition());
        assertEquals(40, join.labelsFrom());
        assertEquals(5, join.entries().size());
        assertEquals(33, join.entries().get(2).label);
        assertEquals(LabelQueue.State.KNOWN, join.entries().get(2).state);
        assertEquals(3.5f, join.entries().get(3).responses[3]);
        assertEquals(9, join.earlyIndex()[0]);

        // The same models as the previous build wrote them: version 1, no join byte.
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(v1)) {
            out.writeInt(SessionSnapshot.VERSION_1);
            out.writeInt(16);
            out.writeInt(1);
            byte[] model = session.variants().getFirst().decoder().snapshot();
            out.writeUTF("linear");
            out.writeInt(model.length);
            out.write(model);
        }
        SessionSnapshot.Restored old = SessionSnapshot.read(v1.toByteArray());
        assertEquals(16, SessionSnapshot.neurons(v1.toByteArray()));
        assertEquals(null, old.join());
        assertArrayEquals(session.variants().getFirst().decoder().snapshot(), old.decoders().get("linear").snapshot());
        // Made into a longer buffer that holds an older payload, as the snapshot writer reuses its buffer.
        byte[] reused = new byte[written.length + 64];
        Arrays.fill(reused, (byte) 0x5A);
        LabelQueue.Saved saved = q.save(55);
        SessionSnapshot.Captured captured = SessionSnapshot.capture(session, new SnapshotStaging(), saved);
        captured.writeTo(reused);
        assertArrayEquals(written, Arrays.copyOf(reused, captured.length()));
        for (int i = captured.length(); i < reused.length; i++) {
            assertEquals((byte) 0x5A, reused[i], "byte " + i + " past the payload");
        }
        // A cut join state is refused, not half read.
        byte[] cut = Arrays.copyOf(written, written.length - 3);
        org.junit.jupiter.api.Assertions.assertThrows(SnapshotUnusableException.class, () -> SessionSnapshot.read(cut));
    }

    @Test
    void aCaptureMadeIntoBytesLaterOnAnotherThreadHoldsTheModelsOfItsMoment() throws Exception {
        DecoderMetrics metrics = new DecoderMetrics(new SimpleMeterRegistry());
        SessionRegistry sessions = new SessionRegistry(
                VariantCatalog.resolve(List.of("linear", "relu16", "relu8-rehearsal"), 180, 5, 20), metrics, 4);
        Session session = sessions.create("s", 0, 48);
        SplittableRandom random = new SplittableRandom(3);
        SnapshotStaging staging = new SnapshotStaging();
        // Reused across rounds while it fits, as the writer reuses its buffer; longer than the payload,
        // and what lies past the payload must stay as it was.
        byte[] buffer = new byte[0];
        for (int round = 0; round < 3; round++) {
            train(session, random, 25);
            byte[] expected = SessionSnapshot.write(session);
            staging.reset();
            SessionSnapshot.Captured captured = SessionSnapshot.capture(session, staging);
            if (buffer.length < captured.length() + 100) {
                buffer = new byte[captured.length() + 1000];
                Arrays.fill(buffer, (byte) 0x5A);
            }
            byte[] into = buffer;
            // The loop goes on learning while the writer thread serialises the capture.
            FutureTask<byte[]> rendered = new FutureTask<>(() -> {
                captured.writeTo(into);
                return Arrays.copyOf(into, captured.length());
            });
            train(session, random, 10);
            Thread.ofPlatform().start(rendered);
            train(session, random, 10);
            assertArrayEquals(expected, rendered.get(), "round " + round);
            for (int i = expected.length; i < buffer.length; i++) {
                assertEquals((byte) 0x5A, buffer[i], "byte " + i + " past the payload");
            }
            assertFalse(Arrays.equals(expected, SessionSnapshot.write(session)), "the models moved on");
        }
    }

    private static void train(Session session, SplittableRandom random, int frames) {
        for (int f = 0; f < frames; f++) {
            float[] x = new float[session.neurons()];
            for (int n = 0; n < x.length; n++) {
                x[n] = (float) random.nextDouble(0, 5);
            }
            double label = random.nextDouble(0, 180);
            for (VariantSlot slot : session.variants()) {
                slot.decoder().step(x, label, new StepResult());
            }
        }
    }
}
