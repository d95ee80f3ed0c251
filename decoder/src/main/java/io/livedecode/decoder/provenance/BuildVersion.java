package io.livedecode.decoder.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the decoder build, stamped into every decoded record and {@code /info}. Maven
 * writes it into {@code io/livedecode/decoder/build.properties} when it builds the classes (resource
 * filtering), so classes from any Maven build, packaged or not, know it; the jar manifest's
 * {@code Implementation-Version} is the fallback for a class path assembled some other way.
 */
public final class BuildVersion {

    static final String RESOURCE = "/io/livedecode/decoder/build.properties";
    /** Only classes compiled outside Maven (an IDE without resource filtering) can end up here. */
    static final String UNKNOWN = "unknown";

    private static final String VERSION = read();

    private BuildVersion() {
    }

    /** The build version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "").strip();
                // An unfiltered copy still reads "${project.version}".
                if (!v.isEmpty() && !v.contains("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String manifest = BuildVersion.class.getPackage().getImplementationVersion();
        return manifest != null && !manifest.isBlank() ? manifest : UNKNOWN;
    }
}
