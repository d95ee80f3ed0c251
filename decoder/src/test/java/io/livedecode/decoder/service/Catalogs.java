package io.livedecode.decoder.service;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The partition catalogs a decoder wrote to the snapshots topic, read back as recovery would find them. */
final class Catalogs {

    private Catalogs() {
    }

    /** The newest catalog of frame partition {@code partition} that parses, or null. */
    static PartitionCatalog newest(String bootstrap, String snapshotsTopic, int partition) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(bootstrap, snapshotsTopic, got -> false,
                Duration.ofSeconds(2));
        PartitionCatalog best = null;
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.key() != null && r.key().startsWith(CatalogCodec.KEY_PREFIX + partition + "/")) {
                try {
                    PartitionCatalog c = CatalogCodec.decode(r.value());
                    if (best == null || c.generation() > best.generation()) {
                        best = c;
                    }
                } catch (SnapshotUnusableException e) {
                    // Garbage a test put there; recovery sets it aside too.
                }
            }
        }
        return best;
    }
}
