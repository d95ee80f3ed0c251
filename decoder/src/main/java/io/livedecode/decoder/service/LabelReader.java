package io.livedecode.decoder.service;

import io.livedecode.protocol.FrameFormatException;
import io.livedecode.protocol.Label;
import io.livedecode.protocol.LabelCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the labels topic into the join on the loop thread. It has no group: it is assigned the
 * labels partitions with the numbers of the frame partitions this instance owns (a session's labels,
 * keyed by session with the default partitioner, land on the number of its frames' partition), and
 * whenever that frame partition is (re)built reads from the labels offset its recovery found (the
 * oldest any of its sessions needs: see {@link Recovery}). Records are offered in offset order and
 * the join keeps the next offset, which each session snapshot records. A label below the offset of
 * the last durable catalog's {@code labelsReadThrough}, or already read by this instance, was
 * counted before and is not counted (nor dead-lettered) again; every other one is.
 *
 * <p>It reads ahead of the frames only so far: while a partition's sessions hold many labels whose
 * frames have not come (a replay reads old labels much faster than frames), that labels partition
 * pauses, unless a frame there waits for a label.
 */
final class LabelReader {

    private static final Logger LOG = LoggerFactory.getLogger(LabelReader.class);

    private final LoopContext ctx;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final int earlyBound;
    /** Per frame partition: the epoch it was read for (a new epoch is a rebuild: read again). */
    /** The frame partition state (and its recovery epoch) each labels partition was last read for. */
    private final Map<Integer, Seen> epochs = new HashMap<>();

    private record Seen(PartitionState state, int epoch) {
    }
    private final Set<TopicPartition> paused = new HashSet<>();
    /** Per labels partition: one past the highest offset this instance has read (and counted). */
    private final Map<Integer, Long> readThrough = new HashMap<>();

    LabelReader(LoopContext ctx, KafkaConsumer<String, byte[]> consumer) {
        this.ctx = ctx;
        this.consumer = consumer;
        this.topic = ctx.config.labels().topic();
        this.earlyBound = ctx.config.labels().lagFrames() + 500;
    }

    /**
     * Refuses to start when the labels topic's partitions do not mirror the frames topic's, since
     * then a session's labels would not be where its frames' partition number says.
     */
    void checkPartitions(KafkaConsumer<String, byte[]> frames) {
        String framesTopic = ctx.config.topics().frames();
        List<PartitionInfo> l = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        List<PartitionInfo> f = frames.partitionsFor(framesTopic, Duration.ofSeconds(30));
        int labels = l == null ? 0 : l.size();
        int framesCount = f == null ? 0 : f.size();
        if (labels != framesCount) {
            throw new IllegalStateException("labels topic '" + topic + "' has " + labels + " partitions, frames topic '"
                    + framesTopic + "' has " + framesCount + "; with labels.enabled=true they must be equal (a"
                    + " session's labels must land on the partition number of its frames)");
        }
    }

    /** Mirrors the frame partitions: assigns, and reads a rebuilt partition's labels from the beginning. */
    void sync() {
        Set<TopicPartition> wanted = new HashSet<>();
        List<PartitionState> rebuilt = new ArrayList<>();
        for (PartitionState ps : ctx.assigned()) {
            if (!ps.recovered) {
                continue;
            }
            TopicPartition tp = new TopicPartition(topic, ps.partition);
            wanted.add(tp);
            // A partition lost and assigned again in one poll has a new state whose epoch may equal the old one's.
            Seen seen = epochs.get(ps.partition);
            if (seen == null || seen.state() != ps || seen.epoch() != ps.epoch) {
                epochs.put(ps.partition, new Seen(ps, ps.epoch));
                rebuilt.add(ps);
            }
        }
        epochs.keySet().removeIf(p -> !wanted.contains(new TopicPartition(topic, p)));
        if (!wanted.equals(consumer.assignment())) {
            consumer.assign(wanted);
            paused.retainAll(wanted);
        }
        for (PartitionState ps : rebuilt) {
            consumer.seek(new TopicPartition(topic, ps.partition), ps.labelsSeek);
            ctx.join.labelsRead(ps.partition, ps.labelsSeek);
            LOG.info("reading labels of {}-{} from offset {} (its frame partition was rebuilt)", topic, ps.partition,
                    ps.labelsSeek);
        }
    }

    /** Reads what has arrived, without waiting, into the join. */
    void poll() {
        if (consumer.assignment().isEmpty()) {
            return;  // no frame partition recovered yet (and poll refuses an empty assignment)
        }
        pace();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ZERO)) {
            PartitionState ps = ctx.partitions.get(r.partition());
            if (ps == null) {
                continue;
            }
            boolean replaying = countedBefore(ps, r.offset());
            readThrough.merge(r.partition(), r.offset() + 1, Math::max);
            ctx.join.labelsRead(r.partition(), r.offset() + 1);
            try {
                String session = FrameValidator.sessionOf(r.key());
                Label label = LabelCodec.decode(r.value());
                if (Math.abs(label.angleDegrees()) > ctx.config.maxAbsStimulusDegrees()) {
                    throw new FrameFormatException(io.livedecode.protocol.RejectReason.ABSURD_VALUE, "label angle "
                            + label.angleDegrees() + " outside +-" + ctx.config.maxAbsStimulusDegrees()
                            + " degrees (validation.max-abs-stimulus-degrees)");
                }
                ctx.join.offer(session, r.partition(), r.offset(), label, replaying);
            } catch (FrameFormatException e) {
                if (!replaying) {
                    // Dead-lettered like a bad frame; the source header names the labels topic.
                    ctx.outputs.rejectedLabel(ctx.producer, r, e);
                    ctx.join.refused();
                }
            }
        }
    }

    /** Whether the label at {@code offset} was counted (and dead-lettered if bad) before. */
    private boolean countedBefore(PartitionState ps, long offset) {
        if (offset < readThrough.getOrDefault(ps.partition, 0L)) {
            return true;
        }
        if (ps.labelsCountFrom < 0) {
            // A catalog written before it recorded the labels' place: labels read while frames replay were counted.
            return ps.replaying(ps.next);
        }
        return offset < ps.labelsCountFrom;
    }

    private void pace() {
        for (TopicPartition tp : consumer.assignment()) {
            PartitionState ps = ctx.partitions.get(tp.partition());
            boolean waiting = ps != null && !ps.held.isEmpty();
            boolean pause = !waiting && ctx.join.earlyLabels(tp.partition()) >= earlyBound;
            if (pause && paused.add(tp)) {
                consumer.pause(List.of(tp));
            } else if (!pause && paused.remove(tp)) {
                consumer.resume(List.of(tp));
            }
        }
    }

    void close() {
        consumer.close(Duration.ofSeconds(5));
    }

}
