package io.livedecode.simulator.dataset;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * zlib inflation by the system's libdeflate ({@code libdeflate.so.0}, Debian {@code libdeflate0}),
 * called through the foreign-function API: it inflates NWB's gzip chunks about twice as fast as
 * the JDK's zlib, and inflating is most of the time an NWB file takes to load. Decompressor
 * objects are pooled (one per concurrent caller) and freed by {@link #close}.
 * Set {@code -Dlivedecode.libdeflate=false} to use the JDK's inflater instead.
 */
final class Libdeflate implements ZlibInflate {

    private static final int SUCCESS = 0;
    private static final int BAD_DATA = 1;
    private static final int SHORT_OUTPUT = 2;

    private static final MethodHandle ALLOC;
    private static final MethodHandle FREE;
    private static final MethodHandle ZLIB_DECOMPRESS;

    static {
        MethodHandle alloc = null;
        MethodHandle free = null;
        MethodHandle decompress = null;
        if (Boolean.parseBoolean(System.getProperty("livedecode.libdeflate", "true"))) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup lib = SymbolLookup.libraryLookup("libdeflate.so.0", Arena.global());
                Optional<MemorySegment> a = lib.find("libdeflate_alloc_decompressor");
                Optional<MemorySegment> f = lib.find("libdeflate_free_decompressor");
                Optional<MemorySegment> d = lib.find("libdeflate_zlib_decompress");
                if (a.isPresent() && f.isPresent() && d.isPresent()) {
                    alloc = linker.downcallHandle(a.get(), FunctionDescriptor.of(ValueLayout.ADDRESS));
                    free = linker.downcallHandle(f.get(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
                    // Critical: the call is short and must read and write Java arrays in place.
                    decompress = linker.downcallHandle(d.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), Linker.Option.critical(true));
                }
            } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException e) {
                // No libdeflate here (or native access refused): the JDK's inflater does the work.
            }
        }
        ALLOC = alloc;
        FREE = free;
        ZLIB_DECOMPRESS = decompress;
    }

    private final ConcurrentLinkedQueue<MemorySegment> idle = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<MemorySegment> all = new ConcurrentLinkedQueue<>();

    private Libdeflate() {
    }

    /** A new instance, or null when libdeflate cannot be used here. */
    static Libdeflate open() {
        return ZLIB_DECOMPRESS == null ? null : new Libdeflate();
    }

    @Override
    public String inflate(ByteBuffer in, byte[] out) {
        MemorySegment d = idle.poll();
        if (d == null) {
            d = allocate();
        }
        try {
            // With no actual-size pointer, libdeflate fails unless the output fills out exactly.
            int result = (int) ZLIB_DECOMPRESS.invokeExact(d, MemorySegment.ofBuffer(in), (long) in.remaining(),
                    MemorySegment.ofArray(out), (long) out.length, MemorySegment.NULL);
            return switch (result) {
                case SUCCESS -> null;
                case BAD_DATA -> "is corrupt (libdeflate: bad data)";
                case SHORT_OUTPUT -> "inflates to fewer bytes than a chunk holds " + out.length;
                default -> "inflates to more than " + out.length + " bytes; a chunk holds " + out.length;
            };
        } catch (Throwable t) {
            throw new IllegalStateException("libdeflate_zlib_decompress failed", t);
        } finally {
            idle.add(d);
        }
    }

    private MemorySegment allocate() {
        try {
            MemorySegment d = (MemorySegment) ALLOC.invokeExact();
            if (d.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("libdeflate_alloc_decompressor returned NULL");
            }
            all.add(d);
            return d;
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("libdeflate_alloc_decompressor failed", t);
        }
    }

    @Override
    public void close() {
        MemorySegment d;
        while ((d = all.poll()) != null) {
            try {
                FREE.invokeExact(d);
            } catch (Throwable t) {
                throw new IllegalStateException("libdeflate_free_decompressor failed", t);
            }
        }
        idle.clear();
    }
}
