package io.livedecode.simulator.replay;

import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Replays a session into the frames topic: one frame per trial, keyed by the session id, paced
 * by the trials' acquisition times divided by the speed factor (or unpaced at max speed), with
 * the acquisition timestamp set to the moment each frame is sent.
 */
public final class Replayer {

    private final TrialSource source;
    private final ReplayOptions options;

    public Replayer(TrialSource source, ReplayOptions options) {
        if (options.start() >= source.trials()) {
            throw new IllegalArgumentException("start " + options.start() + " is beyond the session's "
                    + source.trials() + " trials");
        }
        this.source = source;
        this.options = options;
    }

    /** Number of frames this replay will send; {@link Long#MAX_VALUE} when it loops without a limit. */
    public long total() {
        long available = source.trials() - options.start();
        if (options.limit() == 0) {
            return options.loop() ? Long.MAX_VALUE : available;
        }
        return options.loop() ? options.limit() : Math.min(options.limit(), available);
    }

    /**
     * Sends every frame, waits until the broker acknowledged all of them, and reports progress.
     *
     * @throws IllegalStateException if the producer failed to deliver a frame
     */
    public ReplaySummary run(Producer<String, byte[]> producer, String topic, ReplayProgress progress)
            throws InterruptedException {
        try {
            return send(producer, topic, progress);
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // The producer's unchecked form of an interrupt (it sets the flag again): one form for callers.
            Thread.interrupted();
            InterruptedException interrupted = new InterruptedException("replay interrupted: " + e.getMessage());
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    private ReplaySummary send(Producer<String, byte[]> producer, String topic, ReplayProgress progress)
            throws InterruptedException {
        long total = total();
        int span = source.trials() - options.start();
        double meanInterval = span > 1 ? (source.trial(source.trials() - 1).acquisitionSeconds()
                - source.trial(options.start()).acquisitionSeconds()) / (span - 1) : 1.0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        // A new producer knows no topic: fetched now, the metadata is not part of the first frame's latency.
        try {
            producer.partitionsFor(topic);
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            throw e;
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalStateException("replay stopped before its first frame: no metadata for topic '" + topic
                    + "': " + e.getMessage(), e);
        }
        long begin = System.nanoTime();
        double sessionSeconds = 0;
        double previousAcquisition = Double.NaN;
        long bytes = 0;
        long labelled = 0;
        for (long k = 0; k < total; k++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("replay interrupted after " + k + " frames");
            }
            int index = options.start() + (int) (k % span);
            Trial trial = source.trial(index);
            if (k > 0) {
                double step = index == options.start() ? meanInterval : trial.acquisitionSeconds() - previousAcquisition;
                sessionSeconds += Math.max(0, step);
            }
            previousAcquisition = trial.acquisitionSeconds();
            if (!options.maxSpeed()) {
                waitUntil(begin + (long) (sessionSeconds / options.speed() * 1e9));
            }
            boolean withLabel = options.labelled(k);
            labelled += withLabel ? 1 : 0;
            Frame frame = new Frame(k, EpochNanos.now(), withLabel ? trial.stimulusDegrees() : Double.NaN,
                    trial.responses());
            byte[] value = FrameCodec.encode(frame);
            bytes += value.length;
            producer.send(new ProducerRecord<>(topic, options.session(), value), (meta, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            if (failure.get() != null) {
                break;
            }
            progress.sent(k + 1, total, bytes, System.nanoTime() - begin);
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("replay stopped: a frame was not delivered: " + failure.get().getMessage(),
                    failure.get());
        }
        ReplaySummary summary = new ReplaySummary(total, labelled, bytes, System.nanoTime() - begin);
        progress.finished(summary);
        return summary;
    }

    private static void waitUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }
}
