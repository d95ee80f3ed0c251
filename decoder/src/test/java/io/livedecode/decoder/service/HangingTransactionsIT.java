package io.livedecode.decoder.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.ServiceConfig;
import io.livedecode.kafka.TopicAdmin;
import io.livedecode.kafka.TopicSpec;
import io.livedecode.protocol.Frame;
import io.livedecode.protocol.FrameCodec;
import io.livedecode.protocol.Topics;
import io.livedecode.simulator.kafka.BrokerSettings;
import io.livedecode.simulator.kafka.EmbeddedKafka;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A transaction that hangs on the group's offsets partition is made the way a lost marker leaves
 * one: a producer's offsets are written in a transaction its coordinator never counted that
 * partition in (a TxnOffsetCommit sent by hand, the broker's verification of such writes off), so
 * the coordinator describes the transaction as empty and no marker will ever end it. A
 * read_committed {@code committed()} of the group then waits for good.
 */
class HangingTransactionsIT {

    private static final String CLIENT = "livedecode";
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        // Verification off lets the hand-made write in; the coordinator's own abort of transactions past
        // their timeout is put off, so only this code's checks protect the live one.
        kafka = EmbeddedKafka.start(BrokerSettings.defaults()
                .withOverride("transaction.partition.verification.enable", "false")
                .withOverride("transaction.abort.timed.out.transaction.cleanup.interval.ms", "3600000"));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void aHangingTransactionIsAbortedByItsOwnInstanceAndALiveOneIsLeftAlone() throws Exception {
        String group = "hang-a.group";
        String prefix = CLIENT + "-" + group + "-";
        TopicPartition frames = new TopicPartition("hang-a.frames", 0);
        ensureTopic(frames.topic());
        commitPlainly(group, frames, 5);
        String neighbour = sameOffsetsPartition(group);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             KafkaProducer<String, byte[]> live = transactional(prefix + "live", 10_000);
             KafkaProducer<String, byte[]> stale = transactional(prefix + "stale", 10_000);
             KafkaConsumer<String, byte[]> consumer = consumer(group);
             // The instance whose transaction hangs, and the one whose transaction is live.
             HangingTransactions hanging = new HangingTransactions(admin, group, prefix, prefix + "stale",
                     Duration.ofSeconds(15));
             HangingTransactions other = new HangingTransactions(admin, group, prefix, prefix + "live",
                     Duration.ofSeconds(15))) {
            // Another instance's transaction, open and counted by its coordinator, on the same partition.
            live.initTransactions();
            live.beginTransaction();
            live.sendOffsetsToTransaction(Map.of(frames, new OffsetAndMetadata(3)), new ConsumerGroupMetadata(neighbour));
            hang(admin, stale, prefix + "stale", group, frames, 7);

            assertThrows(TimeoutException.class, () -> consumer.committed(Set.of(frames), Duration.ofSeconds(3)),
                    "a read_committed read of the group's offsets waits for the hanging transaction");
            assertEquals(0, hanging.abortHanging(), "first seen now: not yet taken for hanging");
            assertEquals(0, other.abortHanging());
            Thread.sleep(10_500);
            // Both transactions are now older than their timeout. The live one is ongoing with the
            // partition; the hanging one is another instance's at the coordinator's epoch.
            assertEquals(0, other.abortHanging(), "neither is the other instance's to abort");
            assertEquals(1, hanging.abortHanging());
            OffsetAndMetadata committed = consumer.committed(Set.of(frames), Duration.ofSeconds(10)).get(frames);
            assertNotNull(committed);
            assertEquals(5, committed.offset(), "aborted: the offset committed before it stands");
            assertEquals(0, hanging.abortHanging(), "nothing left to abort");

            live.commitTransaction();
            try (KafkaConsumer<String, byte[]> neighbours = consumer(neighbour)) {
                assertEquals(3, neighbours.committed(Set.of(frames), Duration.ofSeconds(10)).get(frames).offset(),
                        "the live transaction was not touched and commits");
            }
        }
    }

    @Test
    void anExactlyOnceServiceAbortsTheHangAndDecodes() throws Exception {
        String prefix = "hang-b.";
        Topics topics = new Topics(prefix);
        String group = prefix + "group";
        TopicPartition frames = new TopicPartition(topics.frames(), 0);
        try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
            admin.ensureTopics(List.of(TopicSpec.of(topics.frames(), 1), TopicSpec.of(topics.decoded(), 1),
                    TopicSpec.of(topics.deadLetter(), 1), TopicSpec.compacted(topics.snapshots(), 1)));
        }
        commitPlainly(group, frames, 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             KafkaProducer<String, byte[]> stale = transactional(CLIENT + "-" + group + "-i1", 10_000)) {
            // The service's own transactional id: the instance hung before, and restarts.
            hang(admin, stale, CLIENT + "-" + group + "-i1", group, frames, 30);
        }
        int sent = 40;
        try (KafkaProducer<String, byte[]> rig = RigProducer.connect(kafka.bootstrapServers())) {
            SplittableRandom random = new SplittableRandom(4);
            for (int k = 0; k < sent; k++) {
                float[] x = new float[200];
                for (int n = 0; n < x.length; n++) {
                    x[n] = (float) random.nextDouble(0, 3);
                }
                rig.send(new ProducerRecord<>(topics.frames(), "session-h",
                        FrameCodec.encode(new Frame(k, 1_000_000_000L * k, 10.0 * k, x))));
            }
        }
        ServiceConfig config = ServiceConfig.from(ConfigLayers.withBuiltInDefaults().merge(null, Map.of(), Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "http.port", "0", "topics.prefix", prefix,
                "topics.partitions", "1", "kafka.group.id", group, "kafka.client.id", CLIENT, "kafka.group.instance.id", "i1",
                "decoder.variants", "linear", "delivery.mode", "exactly-once",
                "kafka.consumer.heartbeat.interval.ms", "1000")));
        long started = System.nanoTime();
        try (DecoderService service = DecoderService.start(config)) {
            DecodedOutputs out = DecodedOutputs.read(kafka.bootstrapServers(), topics.decoded(), sent, true,
                    Duration.ofSeconds(90));
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            System.out.printf("exactly-once service past a hanging transaction: %d frames decoded %d s after start%n",
                    out.values.size(), seconds);
            assertEquals(sent, out.values.size(), "every frame decoded once");
            assertEquals(1.0, service.registry().get("livedecode.hanging.transactions.aborted").counter().count());
        }
    }

    /** Leaves a transaction of {@code producer} open on the group's offsets partition that its coordinator does not know of. */
    private static void hang(Admin admin, KafkaProducer<String, byte[]> producer, String transactionalId,
                             String group, TopicPartition tp, long offset) throws Exception {
        producer.initTransactions();
        TransactionDescription d = admin.describeTransactions(Set.of(transactionalId)).description(transactionalId)
                .get();
        Errors error = Errors.COORDINATOR_LOAD_IN_PROGRESS;
        for (int attempt = 0; attempt < 50 && error != Errors.NONE; attempt++) {
            error = txnOffsetCommit(transactionalId, group, d.producerId(), (short) d.producerEpoch(), tp, offset);
            if (error != Errors.NONE) {
                Thread.sleep(200);
            }
        }
        assertEquals(Errors.NONE, error, "the hand-made transactional offset commit was accepted");
    }

    /** One TxnOffsetCommit (version 3: no implicit add of the partition) sent straight to the broker. */
    private static Errors txnOffsetCommit(String transactionalId, String group, long producerId, short epoch,
                                          TopicPartition tp, long offset) throws Exception {
        TxnOffsetCommitRequestData data = new TxnOffsetCommitRequestData().setTransactionalId(transactionalId)
                .setGroupId(group).setProducerId(producerId).setProducerEpoch(epoch).setGenerationIdOrMemberEpoch(-1)
                .setMemberId("").setTopics(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic()
                        .setName(tp.topic()).setPartitions(List.of(
                                new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                                        .setPartitionIndex(tp.partition()).setCommittedOffset(offset)
                                        .setCommittedLeaderEpoch(-1).setCommittedMetadata("")))));
        short version = 3;
        RequestHeader header = new RequestHeader(ApiKeys.TXN_OFFSET_COMMIT, version, "hanging-it", 1);
        ByteBuffer request = TxnOffsetCommitRequest.Builder.forTopicNames(data, false).build(version)
                .serializeWithHeader(header);
        try (Socket socket = new Socket("127.0.0.1", kafka.brokerPort())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] bytes = new byte[request.remaining()];
            request.get(bytes);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = in.readNBytes(in.readInt());
            TxnOffsetCommitResponse r = (TxnOffsetCommitResponse) AbstractResponse.parseResponse(
                    ByteBuffer.wrap(response), header);
            return Errors.forCode(r.data().topics().get(0).partitions().get(0).errorCode());
        }
    }

    /** A group whose offsets live on the same partition of {@code __consumer_offsets} as {@code group}'s. */
    private static String sameOffsetsPartition(String group) throws Exception {
        int partitions;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            partitions = admin.describeTopics(List.of("__consumer_offsets")).allTopicNames().get()
                    .get("__consumer_offsets").partitions().size();
        }
        int target = Utils.abs(group.hashCode()) % partitions;
        for (int i = 0; ; i++) {
            String candidate = "hang-neighbour-" + i;
            if (Utils.abs(candidate.hashCode()) % partitions == target) {
                return candidate;
            }
        }
    }

    private static void commitPlainly(String group, TopicPartition tp, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(group)) {
            consumer.assign(List.of(tp));
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)), Duration.ofSeconds(30));
        }
    }

    private static void ensureTopic(String topic) {
        try (TopicAdmin admin = TopicAdmin.connect(kafka.bootstrapServers())) {
            admin.ensureTopics(List.of(TopicSpec.of(topic, 1)));
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String group) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", group,
                "isolation.level", "read_committed", "enable.auto.commit", false), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private static KafkaProducer<String, byte[]> transactional(String transactionalId, int timeoutMillis) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "transactional.id",
                transactionalId, "transaction.timeout.ms", timeoutMillis), new StringSerializer(),
                new ByteArraySerializer());
    }
}
