package io.livedecode.decoder.config;

/** A configuration value that is missing, unknown or out of range; the message names key and value. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
