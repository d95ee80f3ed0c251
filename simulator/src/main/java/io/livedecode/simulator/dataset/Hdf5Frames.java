package io.livedecode.simulator.dataset;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OrderedDataType;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Streams a 2-D numeric HDF5 dataset of shape (time, neurons) frame by frame into float32 rows,
 * applying NWB's {@code value * conversion + offset} and refusing non-finite values by position.
 *
 * <p>Chunked datasets are read chunk by chunk: each chunk is decompressed once ({@link ChunkDecoder})
 * on one thread per core, and its rectangle copied into the rows of the frames it covers. Reading
 * whole slices through jHDF instead would decompress every chunk a slice touches for each slice,
 * and inflating is what costs: gzip inflates at about 200 MB/s per core here with the JDK's zlib,
 * 400 MB/s with libdeflate. Rows are handed on in frame order, a batch of chunk rows at a time, so
 * memory stays at a few batches.
 */
final class Hdf5Frames {

    /** Decompress at least this many chunks per batch so every thread has work. */
    private static final int MIN_CHUNKS_PER_BATCH = 32;
    /** ... but hold at most about this many bytes of decoded rows per batch. */
    private static final long MAX_BATCH_BYTES = 32L << 20;
    /** Batches submitted ahead of the one being handed on. */
    private static final int BATCHES_IN_FLIGHT = 3;

    private final Dataset data;
    private final String name;
    private final String file;
    private final double conversion;
    private final double offset;
    private final int frames;
    private final int neurons;
    private final ElementType type;

    /**
     * @param name the dataset's path, for messages
     */
    Hdf5Frames(Dataset data, String name, String file, double conversion, double offset)
            throws DatasetFormatException {
        this.data = data;
        this.name = name;
        this.file = file;
        this.conversion = conversion;
        this.offset = offset;
        int[] dims = data.getDimensions();
        this.frames = dims[0];
        this.neurons = dims[1];
        this.type = ElementType.of(data.getDataType(), name, file);
    }

    /** Sends every frame, in order, to {@code sink}; each row is a fresh array. */
    void read(FrameSink sink) throws DatasetFormatException {
        try {
            if (data instanceof ChunkedDataset chunked) {
                readChunked(chunked, sink);
            } else if (data instanceof ContiguousDataset contiguous) {
                ByteBuffer bytes = contiguous.getBuffer().order(type.order);
                for (int f = 0; f < frames; f++) {
                    float[] row = new float[neurons];
                    decode(bytes, (long) f * neurons, row, 0, neurons, f, 0);
                    sink.frame(f, row);
                }
            } else {
                readSmall(sink);
            }
        } catch (HdfException e) {
            throw new DatasetFormatException(file + ": cannot read " + name + ": " + e.getMessage(), e);
        } catch (LinkageError e) {
            // A filter whose codec library is missing or broken (a plugin filter, a native codec) fails here.
            throw new DatasetFormatException(String.format(
                    "%s: %s uses the HDF5 filters %s, which this reader cannot decode (%s); re-save it with gzip, "
                            + "e.g. h5repack -f GZIP=4 in.nwb out.nwb", file, name, filterNames(), e), e);
        }
    }

    private void readChunked(ChunkedDataset chunked, FrameSink sink) throws DatasetFormatException {
        int[] chunk = chunked.getChunkDimensions();
        int chunkRows = chunk[0];
        int chunkCols = chunk[1];
        int chunksPerBand = (neurons + chunkCols - 1) / chunkCols;
        long bandBytes = 4L * chunkRows * neurons;
        int bandsPerBatch = (int) Math.max(1, Math.min(
                (MIN_CHUNKS_PER_BATCH + chunksPerBand - 1) / chunksPerBand, MAX_BATCH_BYTES / Math.max(1, bandBytes)));
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hdf5-chunks");
            t.setDaemon(true);
            return t;
        });
        ChunkDecoder decoder = ChunkDecoder.of(chunked, type.size, (long) chunkRows * chunkCols * type.size, name, file);
        int batchFrames = bandsPerBatch * chunkRows;
        try {
            // Later batches decompress on the pool while this thread hands the oldest to the sink; with
            // one batch queued behind the one in progress, the pool never waits for this thread.
            ArrayDeque<Batch> inFlight = new ArrayDeque<>();
            int next = 0;
            while (inFlight.size() < BATCHES_IN_FLIGHT && next < frames) {
                inFlight.add(submit(pool, chunked, decoder, next, batchFrames, chunkRows, chunkCols));
                next += batchFrames;
            }
            while (!inFlight.isEmpty()) {
                Batch current = inFlight.poll();
                await(current.tasks);
                if (next < frames) {
                    inFlight.add(submit(pool, chunked, decoder, next, batchFrames, chunkRows, chunkCols));
                    next += batchFrames;
                }
                for (int i = 0; i < current.rows.length; i++) {
                    float[] row = current.rows[i];
                    current.rows[i] = null;
                    sink.frame(current.start + i, row);
                }
            }
        } finally {
            pool.shutdownNow();
            // A chunk still inflating uses the decoder's native state: free it only once all have stopped.
            if (awaitQuietly(pool)) {
                decoder.close();
            }
        }
    }

    /** True once the pool's threads have ended (each finishes the chunk it is on). */
    private static boolean awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pool.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Decoded rows of frames {@code start ...}, filled by {@code tasks}. */
    private record Batch(int start, float[][] rows, List<Future<?>> tasks) {
    }

    private Batch submit(ExecutorService pool, ChunkedDataset chunked, ChunkDecoder decoder, int start, int batchFrames,
                         int chunkRows, int chunkCols) {
        float[][] rows = new float[Math.min(batchFrames, frames - start)][neurons];
        List<Future<?>> tasks = new ArrayList<>();
        for (int r0 = start; r0 < start + rows.length; r0 += chunkRows) {
            for (int c0 = 0; c0 < neurons; c0 += chunkCols) {
                int r = r0;
                int c = c0;
                tasks.add(pool.submit(() -> {
                    copyChunk(chunked, decoder, r, c, chunkRows, chunkCols, rows, start);
                    return null;
                }));
            }
        }
        return new Batch(start, rows, tasks);
    }

    private void copyChunk(ChunkedDataset chunked, ChunkDecoder decoder, int r0, int c0, int chunkRows, int chunkCols,
                           float[][] rows, int batchStart) throws DatasetFormatException {
        ByteBuffer bytes = decoder.decode(chunked, new int[] {r0, c0}).order(type.order);
        int usedRows = Math.min(chunkRows, frames - r0);
        int usedCols = Math.min(chunkCols, neurons - c0);
        for (int i = 0; i < usedRows; i++) {
            decode(bytes, (long) i * chunkCols, rows[r0 - batchStart + i], c0, usedCols, r0 + i, c0);
        }
    }

    private static void await(List<Future<?>> tasks) throws DatasetFormatException {
        try {
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetFormatException("interrupted while reading", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            tasks.forEach(t -> t.cancel(true));
            switch (cause) {
                case DatasetFormatException format -> throw format;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(cause);
            }
        }
    }

    /** Compact datasets are small: read whole through jHDF. */
    private void readSmall(FrameSink sink) throws DatasetFormatException {
        Object flat = data.getDataFlat();
        for (int f = 0; f < frames; f++) {
            float[] row = new float[neurons];
            for (int i = 0; i < neurons; i++) {
                double raw = ((Number) Array.get(flat, f * neurons + i)).doubleValue();
                row[i] = finite(raw, f, i);
            }
            sink.frame(f, row);
        }
    }

    /** Decodes {@code count} elements from element {@code first} of {@code bytes} into {@code out[at...]}. */
    private void decode(ByteBuffer bytes, long first, float[] out, int at, int count, int frame, int neuron)
            throws DatasetFormatException {
        int size = type.size;
        int base = Math.toIntExact(first * size);
        boolean identity = conversion == 1 && offset == 0;
        if (type.isFloat && size == 4 && identity) {
            bytes.asFloatBuffer().get(base / 4, out, at, count);
            for (int i = 0; i < count; i++) {
                if (!Float.isFinite(out[at + i])) {
                    throw notFinite(out[at + i], frame, neuron + i);
                }
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            out[at + i] = finite(type.read(bytes, base + i * size), frame, neuron + i);
        }
    }

    private float finite(double raw, int frame, int neuron) throws DatasetFormatException {
        double v = raw * conversion + offset;
        float f = (float) v;
        if (!Float.isFinite(f)) {
            throw notFinite(v, frame, neuron);
        }
        return f;
    }

    private DatasetFormatException notFinite(double v, int frame, int neuron) {
        String what = Double.isFinite(v) ? "= " + v + ", outside the float32 range" : "is " + v;
        return new DatasetFormatException(String.format(Locale.ROOT,
                "%s: %s[%d, %d] %s; every response must be finite", file, name, frame, neuron, what));
    }

    private String filterNames() {
        try {
            return data.getFilters().stream().map(f -> f.getName() + " (id " + f.getId() + ")").toList().toString();
        } catch (RuntimeException | LinkageError e) {
            return "(unreadable filter list)";
        }
    }

    /** An integer or float element type of a given size and byte order. */
    private record ElementType(boolean isFloat, boolean signed, int size, ByteOrder order) {

        static ElementType of(DataType type, String name, String file) throws DatasetFormatException {
            ByteOrder order = type instanceof OrderedDataType ordered ? ordered.getByteOrder() : ByteOrder.LITTLE_ENDIAN;
            if (type instanceof FloatingPoint && (type.getSize() == 4 || type.getSize() == 8)) {
                return new ElementType(true, true, type.getSize(), order);
            }
            if (type instanceof FixedPoint fixed && List.of(1, 2, 4, 8).contains(type.getSize())) {
                return new ElementType(false, fixed.isSigned(), type.getSize(), order);
            }
            throw new DatasetFormatException(String.format(Locale.ROOT,
                    "%s: %s has HDF5 type %s of %d bytes; expected integers or 32/64-bit floats",
                    file, name, Hdf5Nodes.typeName(type), type.getSize()));
        }

        double read(ByteBuffer b, int at) {
            if (isFloat) {
                return size == 4 ? b.getFloat(at) : b.getDouble(at);
            }
            return switch (size) {
                case 1 -> signed ? b.get(at) : b.get(at) & 0xFF;
                case 2 -> signed ? b.getShort(at) : b.getShort(at) & 0xFFFF;
                case 4 -> signed ? b.getInt(at) : b.getInt(at) & 0xFFFF_FFFFL;
                default -> signed || b.getLong(at) >= 0 ? (double) b.getLong(at)
                        : (b.getLong(at) >>> 1) * 2.0 + (b.getLong(at) & 1);
            };
        }
    }
}
