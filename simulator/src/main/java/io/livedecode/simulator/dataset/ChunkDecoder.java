package io.livedecode.simulator.dataset;

import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.PipelineFilterWithData;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Decompresses the chunks of one dataset. NWB writes gzip (HDF5's deflate filter, sometimes
 * after shuffle); for those pipelines the raw chunk is inflated here ({@link ZlibInflate#best},
 * libdeflate when present) straight into a buffer each thread reuses. jHDF's own filter streams
 * through growing byte arrays and copies the result, and inflates with the JDK's zlib: this path
 * measured about a fifth faster with the same inflater, and twice as fast with libdeflate. Any
 * other pipeline (LZF, none, ...) goes through jHDF. Thread-safe: buffers are per thread.
 */
interface ChunkDecoder extends AutoCloseable {

    /** HDF5 filter ids. */
    int DEFLATE = 1;
    int SHUFFLE = 2;

    /** The chunk at element offset {@code offset}, decompressed; valid until this thread's next call. */
    ByteBuffer decode(ChunkedDataset dataset, int[] offset) throws DatasetFormatException;

    /** Releases what the decoder holds outside the heap. */
    @Override
    default void close() {
    }

    /**
     * @param chunkBytes bytes of one uncompressed chunk
     */
    static ChunkDecoder of(ChunkedDataset dataset, int elementSize, long chunkBytes, String name, String file) {
        List<Integer> ids = dataset.getFilters().stream().map(PipelineFilterWithData::getId).toList();
        boolean deflateOnly = ids.equals(List.of(DEFLATE));
        boolean shuffleDeflate = ids.equals(List.of(SHUFFLE, DEFLATE));
        if ((deflateOnly || shuffleDeflate) && chunkBytes <= Integer.MAX_VALUE - 8) {
            return new Inflating(ZlibInflate.best(), (int) chunkBytes, shuffleDeflate ? elementSize : 0, name, file);
        }
        return (d, offset) -> ByteBuffer.wrap(d.getDecompressedChunk(offset));
    }

    /** Inflate (then unshuffle) into per-thread buffers. */
    final class Inflating implements ChunkDecoder {
        private final ZlibInflate zlib;
        private final int shuffledElementSize;
        private final String name;
        private final String file;
        private final ThreadLocal<byte[]> inflated;
        private final ThreadLocal<byte[]> unshuffled;

        Inflating(ZlibInflate zlib, int chunkBytes, int shuffledElementSize, String name, String file) {
            this.zlib = zlib;
            this.shuffledElementSize = shuffledElementSize;
            this.name = name;
            this.file = file;
            this.inflated = ThreadLocal.withInitial(() -> new byte[chunkBytes]);
            this.unshuffled = ThreadLocal.withInitial(() -> shuffledElementSize > 1 ? new byte[chunkBytes] : null);
        }

        @Override
        public ByteBuffer decode(ChunkedDataset dataset, int[] offset) throws DatasetFormatException {
            byte[] out = inflated.get();
            String fault = zlib.inflate(dataset.getRawChunkBuffer(offset), out);
            if (fault != null) {
                throw new DatasetFormatException(file + ": " + name + " chunk at " + Arrays.toString(offset) + " " + fault);
            }
            if (shuffledElementSize <= 1) {
                return ByteBuffer.wrap(out);
            }
            // Shuffle stored byte j of element i at j * count + i; trailing bytes stay as they are.
            byte[] plain = unshuffled.get();
            int s = shuffledElementSize;
            int count = out.length / s;
            for (int j = 0; j < s; j++) {
                int plane = j * count;
                for (int i = 0; i < count; i++) {
                    plain[i * s + j] = out[plane + i];
                }
            }
            System.arraycopy(out, count * s, plain, count * s, out.length - count * s);
            return ByteBuffer.wrap(plain);
        }

        @Override
        public void close() {
            zlib.close();
        }
    }
}
