package io.livedecode.decoder.service;

import io.livedecode.decoder.model.ModelState;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a decoder variant's learned state for export. Only the decoding loop's thread may touch
 * the models, so the read is a command it runs between batches; the copy it makes is then the
 * caller's, to write out on any thread.
 */
public final class ModelQueries {

    private final DecodingLoop loop;
    private final SessionRegistry sessions;

    public ModelQueries(DecodingLoop loop, SessionRegistry sessions) {
        this.loop = loop;
        this.sessions = sessions;
    }

    /**
     * The state of {@code variant} in {@code session}, as of the last frame decoded; fails with a
     * {@link NoSuchElementException} naming what is missing. Never completes if the loop has stopped.
     */
    public CompletableFuture<ModelState> state(String session, String variant) {
        CompletableFuture<ModelState> result = new CompletableFuture<>();
        loop.readModels(() -> {
            try {
                result.complete(find(session, variant).decoder().exportState());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private VariantSlot find(String session, String variant) {
        Session s = sessions.inMemory(session);
        if (s == null) {
            throw new NoSuchElementException("no session '" + session + "' in this decoder's memory (it has sent no"
                    + " frame here since the decoder started or was evicted when idle, or its partition is decoded"
                    + " by another instance)");
        }
        for (VariantSlot slot : s.variants()) {
            if (slot.name().equals(variant)) {
                return slot;
            }
        }
        throw new NoSuchElementException("session '" + session + "' has no variant '" + variant + "'; its variants are "
                + s.variants().stream().map(VariantSlot::name).toList());
    }
}
