package io.livedecode.decoder.model;

/** Independent random streams derived from one configured seed, one per purpose. */
final class Streams {
    static final long INITIALISATION = 1;
    static final long DROPOUT = 2;
    static final long REHEARSAL = 3;

    private Streams() {
    }
}
