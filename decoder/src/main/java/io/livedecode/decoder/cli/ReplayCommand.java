package io.livedecode.decoder.cli;

import io.livedecode.protocol.Topics;
import io.livedecode.simulator.kafka.KafkaEndpoint;
import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import io.livedecode.simulator.replay.ProgressBar;
import io.livedecode.simulator.replay.ReplayOptions;
import io.livedecode.simulator.replay.Replayer;
import io.livedecode.simulator.source.TrialSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Replays a recorded or synthetic session into the frames topic. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a recorded or synthetic session into the frames topic.",
                "One frame per trial, keyed by the session id.",
                "Pacing follows the trials' acquisition times divided by --speed; --speed max sends as fast as",
                "the broker accepts. Without --bootstrap-servers (or LIVEDECODE_KAFKA_BOOTSTRAP_SERVERS) an",
                "embedded broker is started for the replay and stopped after it."})
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", description = "Kafka cluster to write to.")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Topic name prefix (default: none).")
    String topicPrefix = "";

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions if the frames topic is created (default: ${DEFAULT-VALUE}).")
    int partitions = 6;

    @Option(names = "--session", paramLabel = "ID", description = "Session id, the record key (default: ${DEFAULT-VALUE}).")
    String session = "synthetic-1";

    @Option(names = "--speed", paramLabel = "X|max", description = "Speed factor over real time, or 'max' (default: ${DEFAULT-VALUE}).")
    String speed = "1";

    @Option(names = "--labelled-fraction", paramLabel = "F", description = "Share of frames carrying their stimulus (default: ${DEFAULT-VALUE}).")
    double labelledFraction = 1.0;

    @Option(names = "--start", paramLabel = "TRIAL", description = "First trial (default: ${DEFAULT-VALUE}).")
    int start;

    @Option(names = "--limit", paramLabel = "FRAMES", description = "Frames to send; 0 = one pass (default: ${DEFAULT-VALUE}).")
    long limit;

    @Option(names = "--loop", description = "Start over after the last trial until --limit frames are sent.")
    boolean loop;

    @Option(names = "--label-seed", paramLabel = "SEED", description = "Seed choosing which frames are labelled (default: ${DEFAULT-VALUE}).")
    long labelSeed = 1;

    @Override
    public Integer call() throws Exception {
        ReplayOptions options = new ReplayOptions(session, parseSpeed(speed), labelledFraction, start, limit, loop, labelSeed);
        TrialSource trials = source.open();
        Replayer replayer = new Replayer(trials, options);
        Topics topics = new Topics(topicPrefix);
        try (KafkaEndpoint endpoint = KafkaEndpoint.open(bootstrapServers, System.getenv())) {
            try (TopicAdmin admin = TopicAdmin.connect(endpoint.bootstrapServers())) {
                admin.ensureTopics(List.of(TopicSpec.of(topics.frames(), partitions)));
            }
            System.err.printf("replaying %s as session '%s' into %s at %s (%s)%n", source.describe(), session,
                    topics.frames(), endpoint.bootstrapServers(), options.maxSpeed() ? "max speed" : "speed x" + speed);
            try (KafkaProducer<String, byte[]> producer = producer(endpoint.bootstrapServers())) {
                replayer.run(producer, topics.frames(), ProgressBar.onStandardError());
            }
        }
        return 0;
    }

    static double parseSpeed(String text) {
        if (text.equals("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--speed '" + text + "' must be a positive number or 'max'");
    }

    static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "linger.ms", 0, "acks", "all",
                "client.id", "livedecode-replay"), new StringSerializer(), new ByteArraySerializer());
    }
}
