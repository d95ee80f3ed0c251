package io.livedecode.decoder.live;

import io.livedecode.decoder.service.OutputListener;
import io.livedecode.protocol.DecodedRecord;
import io.livedecode.protocol.RejectReason;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The decoding loop's side of the live page: hands every published record to its session's
 * {@link FrameTape}. It runs on the loop thread, so it only stores numbers: no JSON, no I/O, and
 * no allocation after a session's first frame.
 */
public final class LiveFeed implements OutputListener {

    /** Frames a tape holds between two reads: two seconds at 250 frames/s, a decoder's top speed. */
    static final int TAPE_FRAMES = 512;

    private final List<String> variants;
    private final ConcurrentHashMap<String, FrameTape> tapes = new ConcurrentHashMap<>();
    private final AtomicLongArray unkeyedRejected = new AtomicLongArray(FrameBatch.REASONS);

    /** @param variants the configured decoder variants, in the order the loop publishes them */
    public LiveFeed(List<String> variants) {
        this.variants = List.copyOf(variants);
    }

    public List<String> variants() {
        return variants;
    }

    @Override
    public void decoded(DecodedRecord record) {
        tape(record.session()).append(record);
    }

    @Override
    public void rejected(String session, RejectReason reason) {
        if (session == null) {
            unkeyedRejected.incrementAndGet(reason.ordinal());
        } else {
            tape(session).rejected(reason);
        }
    }

    /** This feed and {@code other} both see every output; this one first. */
    public OutputListener and(OutputListener other) {
        if (other == OutputListener.NONE) {
            return this;
        }
        return new OutputListener() {
            @Override
            public void decoded(DecodedRecord record) {
                LiveFeed.this.decoded(record);
                other.decoded(record);
            }

            @Override
            public void rejected(String session, RejectReason reason) {
                LiveFeed.this.rejected(session, reason);
                other.rejected(session, reason);
            }
        };
    }

    Collection<FrameTape> tapes() {
        return tapes.values();
    }

    /** Forgets an idle session; a later frame of it starts a new tape. */
    void forget(FrameTape tape) {
        tapes.remove(tape.session(), tape);
    }

    /** Frames refused for want of a key, so of no session, by reason ordinal. */
    long unkeyedRejected(int reasonOrdinal) {
        return unkeyedRejected.get(reasonOrdinal);
    }

    private FrameTape tape(String session) {
        FrameTape tape = tapes.get(session);
        return tape != null ? tape : tapes.computeIfAbsent(session, s -> new FrameTape(s, variants, TAPE_FRAMES));
    }
}
