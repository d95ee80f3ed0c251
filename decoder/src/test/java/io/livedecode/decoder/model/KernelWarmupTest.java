package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.VariantCatalog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The warm-up runs on a daemon thread of its own, ends, and shares nothing with live models:
 * decoders stepped while warm-ups of the same configurations run give the bits they give alone.
 */
class KernelWarmupTest {
    private static final int NEURONS = 301;
    private static final VonMisesPopulation POPULATION = new VonMisesPopulation(NEURONS, 2.0, 5);
    /** The service's defaults (averaged SGD readout, factored RMSProp relu200) and a momentum, dropout one. */
    private static final List<DecoderConfig> CONFIGS = List.of(
            VariantCatalog.resolve("linear", 180, 1, 200), VariantCatalog.resolve("relu200", 180, 1, 200),
            DecoderConfig.relu(23).toBuilder().momentum(0.9).dropout(0.2).build());

    @Test
    void runsOnADaemonThreadThatEnds() throws InterruptedException {
        CompletableFuture<Duration> done = KernelWarmup.start(CONFIGS, NEURONS);
        Thread warm = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("livedecode-warmup-")).findFirst().orElse(null);
        Duration took = done.join();
        assertTrue(took.toNanos() > 0, "took " + took);
        if (warm != null) {
            assertTrue(warm.isDaemon(), warm.getName() + " must not keep the JVM alive");
            warm.join(10_000);
            assertFalse(warm.isAlive(), warm.getName() + " still alive after the warm-up completed");
        }
    }

    @Test
    void liveDecodersComputeTheSameBitsWhileWarmUpsRun() {
        for (DecoderConfig config : CONFIGS) {
            OnlineDecoder alone = new OnlineDecoder(config, NEURONS);
            long[] expected = run(alone);
            List<CompletableFuture<Duration>> warmups = List.of(KernelWarmup.start(CONFIGS, NEURONS),
                    KernelWarmup.start(List.of(config), NEURONS));
            OnlineDecoder during = new OnlineDecoder(config, NEURONS);
            long[] actual = run(during);
            warmups.forEach(CompletableFuture::join);
            assertArrayEquals(expected, actual, config.toString());
            assertArrayEquals(alone.snapshot(), during.snapshot(), config.toString());
        }
    }

    @Test
    void aSharedWarmUpRunsOncePerConfigurationsAndNeuronCount() {
        CompletableFuture<Duration> first = KernelWarmup.shared(CONFIGS, 57);
        assertSame(first, KernelWarmup.shared(List.copyOf(CONFIGS), 57));
        assertNotSame(first, KernelWarmup.shared(CONFIGS, 58));
        assertNotSame(first, KernelWarmup.shared(CONFIGS.subList(0, 2), 57));
        first.join();
        assertSame(first, KernelWarmup.shared(CONFIGS, 57), "a finished warm-up is not run again");
    }

    @Test
    void failuresCompleteTheFutureAndBadArgumentsAreNamed() {
        assertEquals("warm-up neurons must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> KernelWarmup.start(CONFIGS, 0)).getMessage());
        // A warm-up that cannot allocate its frames fails its future, not the caller's thread.
        CompletableFuture<Duration> failed = KernelWarmup.start(List.of(CONFIGS.get(0)), Integer.MAX_VALUE);
        CompletionException e = assertThrows(CompletionException.class, failed::join);
        assertTrue(e.getCause() instanceof OutOfMemoryError, String.valueOf(e.getCause()));
    }

    /** Decoded angles of 150 frames (every third unlabelled) as raw bits, then the version. */
    private static long[] run(OnlineDecoder decoder) {
        long[] bits = new long[151];
        StepResult r = new StepResult();
        for (int t = 0; t < 150; t++) {
            decoder.step(POPULATION.responses(t), t % 3 == 2 ? Double.NaN : POPULATION.stimulus(t), r);
            bits[t] = Double.doubleToRawLongBits(r.decodedDegrees());
        }
        bits[150] = decoder.version();
        return bits;
    }
}
