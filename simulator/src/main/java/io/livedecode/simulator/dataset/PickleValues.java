package io.livedecode.simulator.dataset;

import java.util.List;

/**
 * The Java side of unpickled Python objects that have no natural Java type. Dicts, lists,
 * strings and numbers map to {@code Map}, {@code List}, {@code String}, {@code Long}/{@code
 * BigInteger} and {@code Double}; tuples become unmodifiable lists; bytes become {@link RawData}.
 */
final class PickleValues {

    private PickleValues() {
    }

    /** A Python callable this reader can evaluate (numpy's array and dtype constructors...). */
    interface PyCallable {
        Object call(List<Object> args) throws DatasetFormatException;
    }

    /** An object whose state a pickle sets after construction (the BUILD opcode). */
    interface PyStateful {
        void setState(Object state) throws DatasetFormatException;
    }

    /** A global this reader does not know; calling it yields an {@link Opaque} object. */
    record Global(String module, String name) {
        String qualifiedName() {
            return module + "." + name;
        }
    }

    /**
     * An instance of an unknown class. Files carry keys that are ignored (suite2p statistics,
     * acquisition metadata), so unknown objects must load without failing.
     */
    record Opaque(String type, List<Object> args) {
        @Override
        public String toString() {
            return "<" + type + " object>";
        }
    }

    /** A Python str too large to hold as a Java string; only used as latin-1 encoded bytes. */
    record LargeString(RawData.FileRange utf8) {
    }
}
