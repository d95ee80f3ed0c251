package io.livedecode.decoder.service;

import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the models of the next new session ahead of it, on a daemon thread of its own, so the
 * session's first frame does not wait for them and no other session's frame waits behind them
 * (relu200 at 23,589 neurons takes about 20 ms to create, its 4.7 million initial weights drawn).
 * A fresh model is a function of its configuration and neuron count alone (each initial weight is
 * computed from the seed and its index), so a set built ahead is the set the loop would have built.
 *
 * <p>Kept only when the service has a warm-up count ({@code decoder.warmup-neurons}), the count it
 * expects sessions to have. One set is kept, for the neuron count of the last session created (the
 * warm-up's count at start): about 20 MB for linear + relu200 at 23,589 neurons. A session of
 * another count builds its models itself, as without spares, and the next spare is for its count. The replacement for a taken
 * set is built {@link #REFILL_DELAY_MILLIS} ms later, not while the new session's first frames compete
 * for the cores.
 */
final class SpareModels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpareModels.class);
    /**
     * Measured in the demo with a 1 s delay: the refill (19 MB of new weights) held up the frames of
     * that moment by up to 67 ms on 2 cores; later, it falls where the start's other work is done.
     */
    static final long REFILL_DELAY_MILLIS = 30_000;

    private final List<DecoderConfig> configs;
    private final long refillDelayMillis;
    private final ScheduledThreadPoolExecutor builder;
    private int builtHere;
    private ScheduledFuture<List<OnlineDecoder>> spare;
    private int spareNeurons;

    /**
     * Spares for a service of {@code config} whose sessions get models of {@code configs}, the first
     * set being built now for the warm-up count; null without a warm-up count or models (pass-through),
     * the loop then building each session's models itself.
     */
    static SpareModels forService(ServiceConfig config, Collection<DecoderConfig> configs) {
        if (config.warmupNeurons() == 0 || config.passThrough() || configs.isEmpty()) {
            return null;
        }
        SpareModels spares = new SpareModels(configs);
        spares.prepare(config.warmupNeurons());
        return spares;
    }

    /** Models of {@code configs}, in that order, for every session. */
    SpareModels(Collection<DecoderConfig> configs) {
        this(configs, REFILL_DELAY_MILLIS);
    }

    SpareModels(Collection<DecoderConfig> configs, long refillDelayMillis) {
        this.configs = List.copyOf(configs);
        this.refillDelayMillis = refillDelayMillis;
        this.builder = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "livedecode-spare-models");
            t.setDaemon(true);
            return t;
        });
        builder.setRemoveOnCancelPolicy(true);
    }

    /** Starts building a set for {@code neurons} now, unless one is built or being built for that count. */
    synchronized void prepare(int neurons) {
        prepare(neurons, 0);
    }

    /**
     * Models for a new session of {@code neurons}, in configuration order: the spare set when it is
     * for that count (waited for if it is still being built, which is never longer than building it
     * here), else built on the calling thread. Either way a spare for that count is built next.
     */
    List<OnlineDecoder> take(int neurons) {
        ScheduledFuture<List<OnlineDecoder>> ready;
        synchronized (this) {
            ready = spare != null && spareNeurons == neurons ? spare : null;
            if (ready != null) {
                spare = null;
                // Not started yet (a refill still in its delay): building here is quicker than waiting.
                if (!ready.isDone() && ready.getDelay(TimeUnit.MILLISECONDS) > 0 && ready.cancel(false)) {
                    ready = null;
                }
            }
        }
        List<OnlineDecoder> models = ready == null ? null : await(ready);
        if (models == null) {
            models = build(configs, neurons);
            synchronized (this) {
                builtHere++;
            }
        }
        synchronized (this) {
            prepare(neurons, refillDelayMillis);
        }
        return models;
    }

    private void prepare(int neurons, long delayMillis) {
        if (neurons < 1 || builder.isShutdown() || spare != null && spareNeurons == neurons) {
            return;
        }
        if (spare != null) {
            spare.cancel(false);
        }
        spareNeurons = neurons;
        spare = builder.schedule(() -> build(configs, neurons), delayMillis, TimeUnit.MILLISECONDS);
    }

    private static List<OnlineDecoder> await(Future<List<OnlineDecoder>> ready) {
        try {
            return ready.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            LOG.warn("models built ahead could not be used, building them now: {}", e.toString());
            return null;
        }
    }

    private static List<OnlineDecoder> build(List<DecoderConfig> configs, int neurons) {
        List<OnlineDecoder> models = new ArrayList<>(configs.size());
        for (DecoderConfig config : configs) {
            models.add(new OnlineDecoder(config, neurons));
        }
        return models;
    }

    /** Sets {@link #take} built on its caller's thread, there being no spare for the count. */
    synchronized int builtHere() {
        return builtHere;
    }

    /** Stops building and lets the spare set go. */
    @Override
    public synchronized void close() {
        builder.shutdownNow();
        spare = null;
    }
}
