package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.protocol.FrameFormatException;
import io.livedecode.protocol.RejectReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions this instance decodes. A session's first frame creates one model per configured
 * variant and fixes its neuron count; later frames with another count are refused.
 */
public final class SessionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<String, DecoderConfig> variants;
    private final DecoderMetrics metrics;
    private final Map<String, Session> sessions = new HashMap<>();

    /** @param variants decoder configuration by variant name, in publication order */
    public SessionRegistry(Map<String, DecoderConfig> variants, DecoderMetrics metrics) {
        this.variants = new LinkedHashMap<>(variants);
        this.metrics = metrics;
    }

    /** The session of a valid frame, created on its first frame. */
    public Session forFrame(String id, int partition, int neurons) throws FrameFormatException {
        Session session = sessions.get(id);
        if (session == null) {
            List<VariantSlot> slots = new ArrayList<>();
            variants.forEach((name, config) ->
                    slots.add(new VariantSlot(name, new OnlineDecoder(config, neurons), metrics.forVariant(id, name))));
            session = new Session(id, partition, neurons, List.copyOf(slots));
            sessions.put(id, session);
            LOG.info("session '{}' started on partition {} with {} neurons, variants {}", id, partition, neurons,
                    variants.keySet());
        } else if (session.neurons() != neurons) {
            throw new FrameFormatException(RejectReason.NEURON_COUNT_MISMATCH, "frame has " + neurons
                    + " neurons, session '" + id + "' was started with " + session.neurons());
        }
        return session;
    }

    public int size() {
        return sessions.size();
    }

    /** The session with this id, or null if it has no models here. */
    public Session find(String id) {
        return sessions.get(id);
    }

    /** Snapshot payloads of the sessions on one partition. */
    public Map<String, byte[]> snapshots(int partition) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        sessions.values().stream().filter(s -> s.partition() == partition)
                .forEach(s -> out.put(s.id(), SessionSnapshot.write(s)));
        return out;
    }

    /** Replaces a session's models with a stored snapshot. */
    public void restore(String id, int partition, byte[] payload) {
        remove(id);
        SessionSnapshot.Restored restored = SessionSnapshot.read(payload);
        List<VariantSlot> slots = new ArrayList<>();
        variants.forEach((name, config) -> {
            OnlineDecoder decoder = restored.decoders().get(name);
            if (decoder == null || !decoder.config().equals(config)) {
                // A variant added or reconfigured since the snapshot starts afresh.
                LOG.warn("session '{}': no compatible snapshot for variant {}, starting it afresh", id, name);
                decoder = new OnlineDecoder(config, restored.neurons());
            }
            slots.add(new VariantSlot(name, decoder, metrics.forVariant(id, name)));
        });
        sessions.put(id, new Session(id, partition, restored.neurons(), List.copyOf(slots)));
    }

    /** Forgets the sessions of partitions this instance no longer owns. */
    public void drop(Set<Integer> partitions) {
        List<String> gone = sessions.values().stream().filter(s -> partitions.contains(s.partition()))
                .map(Session::id).toList();
        gone.forEach(this::remove);
    }

    public void reset(String id) {
        remove(id);
    }

    private void remove(String id) {
        Session session = sessions.remove(id);
        if (session != null) {
            session.variants().forEach(v -> v.meters().remove());
        }
    }
}
