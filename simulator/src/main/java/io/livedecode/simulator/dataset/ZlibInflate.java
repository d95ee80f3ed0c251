package io.livedecode.simulator.dataset;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates zlib streams (HDF5's deflate filter) of a known decompressed size. Two implementations
 * give the same bytes: libdeflate through the foreign-function API when the system has it (Debian
 * {@code libdeflate0}; about twice as fast), else the JDK's {@link Inflater}. Thread-safe.
 */
interface ZlibInflate extends AutoCloseable {

    /**
     * Inflates all of {@code in} into exactly {@code out.length} bytes.
     *
     * @return null on success, else what is wrong, e.g. {@code "is corrupt: invalid stored block lengths"}
     */
    String inflate(ByteBuffer in, byte[] out);

    /** Releases native resources; the instance must not be used afterwards. */
    @Override
    void close();

    /** The fastest implementation available here. */
    static ZlibInflate best() {
        ZlibInflate nativeOne = Libdeflate.open();
        return nativeOne != null ? nativeOne : new Jdk();
    }

    /** {@link java.util.zip.Inflater}, one per thread. */
    final class Jdk implements ZlibInflate {
        private final ThreadLocal<Inflater> inflaters = ThreadLocal.withInitial(Inflater::new);

        @Override
        public String inflate(ByteBuffer in, byte[] out) {
            Inflater inflater = inflaters.get();
            inflater.reset();
            inflater.setInput(in);
            int n = 0;
            try {
                while (!inflater.finished() && n < out.length) {
                    int got = inflater.inflate(out, n, out.length - n);
                    if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    n += got;
                }
            } catch (DataFormatException e) {
                return "is corrupt: " + e.getMessage();
            }
            if (n != out.length || !inflater.finished()) {
                return "inflates to " + (inflater.finished() ? n + " bytes" : "more than " + n + " bytes")
                        + "; a chunk holds " + out.length;
            }
            return null;
        }

        @Override
        public void close() {
            // Each Inflater frees its native memory when collected with its thread.
        }
    }
}
