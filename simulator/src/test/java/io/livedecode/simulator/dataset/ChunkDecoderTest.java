package io.livedecode.simulator.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.dataset.ChunkedDataset;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunk decoders on h5py-written chunks: libdeflate, the JDK's inflater and jHDF's own filter
 * pipeline give the same bytes for every chunk, and broken streams are named, not thrown.
 */
class ChunkDecoderTest {

    private static final String SERIES = "processing/ophys/Fluorescence/RoiResponseSeries/data";

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFixtures() throws Exception {
        RigRecordingsTest.writeInto(dir);
    }

    @Test
    void libdeflateIsAvailableHere() {
        // Debian's libdeflate0 is installed with the test dependencies; without it loads are twice as slow.
        try (Libdeflate lib = Libdeflate.open()) {
            assertNotNull(lib, "libdeflate.so.0 not found: apt-get install libdeflate0");
        }
    }

    @Test
    void everyInflaterGivesJhdfsBytes() throws Exception {
        try (HdfFile hdf = new HdfFile(dir.resolve("trials.nwb"));
             Libdeflate lib = Libdeflate.open();
             ZlibInflate.Jdk jdk = new ZlibInflate.Jdk()) {
            ChunkedDataset data = (ChunkedDataset) hdf.getDatasetByPath(SERIES);
            assertEquals(List.of(ChunkDecoder.SHUFFLE, ChunkDecoder.DEFLATE),
                    data.getFilters().stream().map(f -> f.getId()).toList(), "h5py gzip with shuffle");
            int[] chunk = data.getChunkDimensions();
            int bytes = chunk[0] * chunk[1] * 4;
            int[] dims = data.getDimensions();
            int chunks = 0;
            for (ChunkDecoder decoder : List.of(new ChunkDecoder.Inflating(lib, bytes, 4, SERIES, "f"),
                    new ChunkDecoder.Inflating(jdk, bytes, 4, SERIES, "f"))) {
                for (int r = 0; r < dims[0]; r += chunk[0]) {
                    for (int c = 0; c < dims[1]; c += chunk[1]) {
                        int[] offset = {r, c};
                        ByteBuffer got = decoder.decode(data, offset);
                        assertArrayEquals(data.getDecompressedChunk(offset), Arrays.copyOf(got.array(), bytes),
                                "chunk " + Arrays.toString(offset));
                        chunks++;
                    }
                }
            }
            // 301 frames in chunks of 16, 37 ROIs in chunks of 10: 19 x 4 chunks, twice.
            assertEquals(2 * 19 * 4, chunks);
        }
    }

    @Test
    void brokenStreamsAreNamed() {
        byte[] plain = new byte[4000];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i * 31 % 251);
        }
        Deflater deflater = new Deflater();
        deflater.setInput(plain);
        deflater.finish();
        byte[] packed = new byte[8000];
        int n = deflater.deflate(packed);
        deflater.end();
        byte[] stream = Arrays.copyOf(packed, n);
        byte[] corrupt = stream.clone();
        corrupt[n / 2] ^= 0x5a;
        corrupt[n / 2 + 1] ^= 0x3c;
        try (Libdeflate lib = Libdeflate.open(); ZlibInflate.Jdk jdk = new ZlibInflate.Jdk()) {
            for (ZlibInflate zlib : List.<ZlibInflate>of(lib, jdk)) {
                String name = zlib.getClass().getSimpleName();
                byte[] out = new byte[plain.length];
                assertNull(zlib.inflate(ByteBuffer.wrap(stream), out), name);
                assertArrayEquals(plain, out, name);
                // A chunk that inflates to fewer or more bytes than a chunk holds.
                String fewer = zlib.inflate(ByteBuffer.wrap(stream), new byte[plain.length + 10]);
                assertTrue(fewer != null && fewer.startsWith("inflates to ") && fewer.contains("chunk holds 4010"),
                        name + ": " + fewer);
                String more = zlib.inflate(ByteBuffer.wrap(stream), new byte[plain.length - 10]);
                assertTrue(more != null && more.startsWith("inflates to more than") && more.contains("chunk holds 3990"),
                        name + ": " + more);
                String bad = zlib.inflate(ByteBuffer.wrap(corrupt), new byte[plain.length]);
                assertTrue(bad != null, name + " accepted a corrupt stream");
            }
        }
    }
}
