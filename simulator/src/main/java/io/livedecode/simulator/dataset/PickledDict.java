package io.livedecode.simulator.dataset;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/** Reads a Python dict saved with {@code np.save(path, dict)}: an npy of dtype object holding one pickle. */
final class PickledDict {

    private PickledDict() {
    }

    /**
     * @param inMemoryLimit payloads above this many bytes stay in the file until decoded
     * @throws DatasetFormatException if the file is not such a dict, naming what it holds
     */
    static Map<?, ?> read(Path file, int inMemoryLimit) throws DatasetFormatException {
        String name = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // The channel stream does not buffer, so the channel ends exactly at the pickle.
            NpyHeader header = NpyHeader.read(Channels.newInputStream(channel), name);
            if (header.dtype().kind() != 'O') {
                throw new DatasetFormatException(String.format(
                        "%s: holds a plain array of dtype %s and shape %s, not a pickled dict (np.save(path, dict))",
                        name, header.dtype().describe(), NdArray.formatShape(header.shape())));
            }
            Object root = PickleReader.read(file, channel, header.length(), inMemoryLimit);
            if (root instanceof PickledArray array && array.objects() instanceof List<?> items
                    && items.size() == 1 && items.getFirst() instanceof Map<?, ?> dict) {
                return dict;
            }
            throw new DatasetFormatException(name + ": the pickle holds " + root
                    + ", not a dict saved with np.save(path, dict)");
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetFormatException(name + ": cannot read: " + e.getMessage(), e);
        }
    }
}
