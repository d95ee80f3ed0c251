package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.decoder.metrics.Stage;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.Frame;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pass-through reference publishes records of the decoder's shape without running a model, and times its stages. */
class PassThroughTest {

    private static final int NEURONS = 500;

    @Test
    void passThroughPublishesRecordsOfTheSameShapeAndLeavesTheModelsAlone() {
        List<FrameTimings> seen = new ArrayList<>();
        Run pass = run(true, seen);
        Run real = run(false, new ArrayList<>());
        assertEquals(real.records.size(), pass.records.size());
        for (int i = 0; i < pass.records.size(); i++) {
            DecodedRecord p = pass.records.get(i);
            DecodedRecord r = real.records.get(i);
            assertEquals(r.variant(), p.variant());
            assertEquals(r.frameIndex(), p.frameIndex());
            assertEquals(0, p.modelVersion(), "no model learned in pass-through");
            assertTrue(p.decodedDegrees() >= 0 && p.decodedDegrees() < 360, "angle " + p.decodedDegrees());
            // Same fields, numbers of the same kind: within a few bytes of the decoder's record.
            assertTrue(Math.abs(p.toJson().length - r.toJson().length) <= 8,
                    p.toJson().length + " vs " + r.toJson().length + " bytes");
        }
        assertTrue(real.records.getLast().modelVersion() > 0, "the real decoder learned");
        assertEquals(0, pass.session.variants().get(1).decoder().version());
        assertEquals(40, seen.size(), "one timing per frame");
    }

    @Test
    void stagesOfEveryFrameReachTheMetricAndTheListener() {
        List<FrameTimings> seen = new ArrayList<>();
        Run real = run(false, seen);
        var predict = real.registry.find("livedecode.stage").tags("stage", "predict", "variant", "relu20").timer();
        var learn = real.registry.find("livedecode.stage").tags("stage", "learn", "variant", "linear").timer();
        assertEquals(40, predict.count());
        assertEquals(40, learn.count());
        assertTrue(predict.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
        assertEquals(40, real.registry.find("livedecode.stage").tags("stage", Stage.VALIDATE.code()).timer().count());
    }

    private record Run(List<DecodedRecord> records, Session session, PrometheusMeterRegistry registry) {
    }

    private static Run run(boolean passThrough, List<FrameTimings> seen) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DecoderMetrics metrics = new DecoderMetrics(registry);
        LoopStages stages = new LoopStages(metrics.stages(), new StageListener() {
            @Override
            public void frame(FrameTimings t) {
                seen.add(t);
            }
        });
        SessionRegistry sessions = new SessionRegistry(VariantCatalog.resolve(List.of("linear", "relu20"), 360, 1, 50),
                metrics, 4);
        Session session = sessions.create("s", 0, NEURONS);
        FrameProcessor processor = new FrameProcessor(metrics, passThrough, stages);
        SplittableRandom random = new SplittableRandom(7);
        List<DecodedRecord> records = new ArrayList<>();
        for (int f = 0; f < 40; f++) {
            float[] responses = new float[NEURONS];
            for (int n = 0; n < NEURONS; n++) {
                responses[n] = (float) random.nextDouble(0, 10);
            }
            Frame frame = new Frame(f, 1_764_403_200_000_000_000L + f * 33_000_000L, random.nextDouble(0, 360), responses);
            stages.begin(session, f, 1_000, 2_000);
            FrameProcessor.Result result = processor.decode(session, frame, true, false, false);
            records.addAll(result.outputs());
            processor.learn(result, false);
            stages.done();
        }
        return new Run(records, session, registry);
    }
}
