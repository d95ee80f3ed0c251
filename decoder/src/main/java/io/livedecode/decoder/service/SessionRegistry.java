package io.livedecode.decoder.service;

import io.livedecode.decoder.metrics.DecoderMetrics;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions whose models are in memory: live ones, in least-recently-used order, and evicted
 * ones whose snapshot is not durable yet (they come back as they are if a frame arrives first).
 * A session's first frame creates one model per configured variant and fixes its neuron count.
 */
public final class SessionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<String, DecoderConfig> variants;
    private final DecoderMetrics metrics;
    private final int maxLive;
    private final LinkedHashMap<String, Session> live = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Session> evicting = new HashMap<>();
    private final SpareModels spares;

    /** @param variants decoder configuration by variant name, in publication order */
    public SessionRegistry(Map<String, DecoderConfig> variants, DecoderMetrics metrics, int maxLive) {
        this(variants, metrics, maxLive, null);
    }

    /** @param spares where new sessions' models come from, built ahead; null builds them on the caller's thread */
    SessionRegistry(Map<String, DecoderConfig> variants, DecoderMetrics metrics, int maxLive, SpareModels spares) {
        this.variants = new LinkedHashMap<>(variants);
        this.metrics = metrics;
        this.maxLive = maxLive;
        this.spares = spares;
    }

    /** The live session, marking it most recently used; null if it is not live. */
    Session live(String id) {
        return live.get(id);
    }

    /** Brings an evicted session whose snapshot is still being written back to life, or null. */
    Session revive(String id) {
        Session s = evicting.remove(id);
        if (s != null) {
            live.put(id, s);
        }
        return s;
    }

    /** The session's models if in memory at all (live or being evicted), without touching the LRU order. */
    Session inMemory(String id) {
        // get() on the access-ordered map would move the session to the young end; a walk leaves the order alone.
        for (Map.Entry<String, Session> e : live.entrySet()) {
            if (e.getKey().equals(id)) {
                return e.getValue();
            }
        }
        return evicting.get(id);
    }

    boolean isLive(String id) {
        return live.containsKey(id);
    }

    /** A fresh session with new models. */
    Session create(String id, int partition, int neurons) {
        List<OnlineDecoder> models = spares != null ? spares.take(neurons)
                : variants.values().stream().map(config -> new OnlineDecoder(config, neurons)).toList();
        List<VariantSlot> slots = new ArrayList<>();
        int i = 0;
        for (String name : variants.keySet()) {
            slots.add(new VariantSlot(name, models.get(i++), metrics.forVariant(id, name)));
        }
        Session session = new Session(id, partition, neurons, slots);
        live.put(id, session);
        LOG.info("session '{}' started on partition {} with {} neurons, variants {}", id, partition, neurons,
                variants.keySet());
        return session;
    }

    /** A session restored from a snapshot payload; a variant added or reconfigured since starts afresh. */
    Session restore(String id, int partition, byte[] payload) {
        return restore(id, partition, SessionSnapshot.read(payload));
    }

    Session restore(String id, int partition, SessionSnapshot.Restored restored) {
        List<VariantSlot> slots = new ArrayList<>();
        variants.forEach((name, config) -> {
            OnlineDecoder decoder = restored.decoders().get(name);
            if (decoder == null || !decoder.config().equals(config)) {
                LOG.warn("session '{}': no compatible snapshot for variant {}, starting it afresh", id, name);
                decoder = new OnlineDecoder(config, restored.neurons());
            }
            slots.add(new VariantSlot(name, decoder, metrics.forVariant(id, name)));
        });
        Session session = new Session(id, partition, restored.neurons(), slots);
        live.put(id, session);
        return session;
    }

    /** Live sessions beyond the limit, least recently used first, never {@code keep}. */
    List<Session> overLimit(String keep) {
        List<Session> out = new ArrayList<>();
        int excess = live.size() - maxLive;
        for (Session s : live.values()) {
            if (excess <= 0) {
                break;
            }
            if (!s.id().equals(keep)) {
                out.add(s);
                excess--;
            }
        }
        return out;
    }

    /** Live sessions without a frame since {@code beforeNanos}. */
    List<Session> idleSince(long beforeNanos) {
        return live.values().stream().filter(s -> s.lastSeenNanos() - beforeNanos < 0).toList();
    }

    /** Moves a live session aside while its eviction snapshot is written. */
    void evict(Session s) {
        live.remove(s.id());
        evicting.put(s.id(), s);
        metrics.sessionEvicted();
    }

    /** The eviction snapshot is durable: the models may go. */
    void evicted(String id) {
        Session s = evicting.remove(id);
        if (s != null) {
            s.releaseMeters();
        }
    }

    Collection<Session> liveOn(int partition) {
        return live.values().stream().filter(s -> s.partition() == partition).toList();
    }

    /** Forgets every session of a partition, live or being evicted. */
    void drop(int partition) {
        for (Map<String, Session> map : List.of(live, evicting)) {
            map.values().removeIf(s -> {
                if (s.partition() == partition) {
                    s.releaseMeters();
                    return true;
                }
                return false;
            });
        }
    }

    /** Forgets one session's models; its next frame starts it afresh. */
    void reset(String id) {
        for (Map<String, Session> map : List.of(live, evicting)) {
            Session s = map.remove(id);
            if (s != null) {
                s.releaseMeters();
            }
        }
    }

    /** The partition a known session lives on, or -1. */
    int partitionOf(String id) {
        Session s = inMemory(id);
        return s == null ? -1 : s.partition();
    }

    public int size() {
        return live.size();
    }
}
