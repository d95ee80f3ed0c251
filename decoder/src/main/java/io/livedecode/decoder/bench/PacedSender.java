package io.livedecode.decoder.bench;

import io.livedecode.protocol.EpochNanos;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.simulator.source.TrialSource;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends frames of a trial source to a topic at a fixed rate (or as fast as the producer takes them),
 * each stamped with its acquisition time just before it is encoded, on a thread of its own.
 */
final class PacedSender {

    private final KafkaProducer<String, byte[]> producer;
    private final TrialSource source;
    private final String session;

    PacedSender(KafkaProducer<String, byte[]> producer, TrialSource source, String session) {
        this.producer = producer;
        this.source = source;
        this.session = session;
    }

    /** Starts sending frames {@code firstIndex ..} (count of them) to {@code topic}; {@code rateHz <= 0}: no pacing. */
    Thread start(String topic, long firstIndex, int count, double rateHz) {
        long period = rateHz > 0 ? (long) (1e9 / rateHz) : 0;
        return Thread.ofPlatform().name("paced-sender").start(() -> {
            long begin = System.nanoTime();
            for (int k = 0; k < count && !Thread.currentThread().isInterrupted(); k++) {
                if (period > 0) {
                    LockSupport.parkNanos(begin + k * period - System.nanoTime());
                }
                var trial = source.trial((int) ((firstIndex + k) % source.trials()));
                Frame frame = new Frame(firstIndex + k, EpochNanos.now(), trial.stimulusDegrees(), trial.responses());
                producer.send(new ProducerRecord<>(topic, session, FrameCodec.encode(frame)));
            }
            producer.flush();
        });
    }
}
