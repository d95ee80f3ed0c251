package io.livedecode.simulator.dataset;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that a dataset path names a readable file before any loader opens it. */
final class DatasetFiles {

    private DatasetFiles() {
    }

    static void requireReadableFile(Path file) throws DatasetFormatException {
        if (!Files.exists(file)) {
            throw new DatasetFormatException(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file + ": not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new DatasetFormatException(file + ": not readable");
        }
    }
}
