package io.livedecode.simulator.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Plain (non-pickled) npy files: described from their header, their payload left in the file. */
final class NpyFiles {

    private NpyFiles() {
    }

    /**
     * Describes the numeric array in {@code file} as {@code name}.
     *
     * @throws DatasetFormatException if it is not an npy file, or holds pickled objects
     */
    static NdArray open(Path file, String name) throws DatasetFormatException {
        DatasetFiles.requireReadableFile(file);
        NpyHeader header;
        try (InputStream in = Files.newInputStream(file)) {
            header = NpyHeader.read(in, file.toString());
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (header.dtype().kind() == 'O') {
            throw new DatasetFormatException(file + ": holds pickled Python objects, not a numeric array");
        }
        long size;
        try {
            size = Math.multiplyExact(new NdArray(name, header.dtype(), header.shape(), header.fortranOrder(),
                    new RawData.InMemory(new byte[0])).size(), (long) header.dtype().itemSize());
        } catch (ArithmeticException e) {
            throw new DatasetFormatException(file + ": the npy header declares an absurd shape " + header.shape());
        }
        return new NdArray(name, header.dtype(), header.shape(), header.fortranOrder(),
                new RawData.FileRange(file, header.length(), size));
    }

    /** Receives one storage line (a run along the fastest-varying axis) of a 2-D array at a time. */
    interface LineSink {
        void line(int index, double[] values) throws DatasetFormatException;
    }

    /** Streams a 2-D array line by line in storage order; the same buffer is passed each time. */
    static void lines(NdArray array, String file, LineSink sink) throws DatasetFormatException {
        int rows = Math.toIntExact(array.shape().get(0));
        int cols = Math.toIntExact(array.shape().get(1));
        int length = array.fortranOrder() ? rows : cols;
        double[] line = new double[length];
        int[] filled = {0};
        int[] index = {0};
        ElementDecoder.decode(array, file, (first, values, count) -> {
            int taken = 0;
            while (taken < count) {
                int n = Math.min(count - taken, length - filled[0]);
                System.arraycopy(values, taken, line, filled[0], n);
                taken += n;
                filled[0] += n;
                if (filled[0] == length) {
                    sink.line(index[0]++, line);
                    filled[0] = 0;
                }
            }
        });
    }
}
