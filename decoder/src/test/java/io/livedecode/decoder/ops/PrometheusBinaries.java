package io.livedecode.decoder.ops;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the Debian Prometheus executables, failing the calling test with the install command when one is missing. */
public final class PrometheusBinaries {

    private static final Path DEBIAN_BIN = Path.of("/usr/bin");

    private PrometheusBinaries() {
    }

    public static Path promtool() {
        return find("promtool", DEBIAN_BIN, System.getenv().getOrDefault("PATH", ""));
    }

    public static Path prometheus() {
        return find("prometheus", DEBIAN_BIN, System.getenv().getOrDefault("PATH", ""));
    }

    // A missing binary fails rather than skips: CI installs the package, and a skipped check would
    // let a broken dashboard or rule file through unnoticed.
    static Path find(String name, Path preferredDir, String searchPath) {
        if (Files.isExecutable(preferredDir.resolve(name))) {
            return preferredDir.resolve(name);
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return fail(name + " is not installed (looked in " + preferredDir + " and PATH=" + searchPath
                + "); install it with `apt-get install prometheus`");
    }
}
