package io.livedecode.simulator.dataset;

import java.io.IOException;

/**
 * Signals that a dataset file is missing, unreadable or does not hold what its format promises.
 * The message names the file, the array and the offending value so the file can be fixed.
 */
public final class DatasetFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names the file and what is wrong with it. */
    public DatasetFormatException(String message) {
        super(message);
    }

    /** Creates an exception that keeps the lower-level cause (an I/O or parse failure). */
    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
