package io.livedecode.decoder.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class PrometheusBinariesTest {

    @Test
    void missingBinaryFailsWithTheInstallCommand(@TempDir Path empty) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> PrometheusBinaries.find("promtool", empty, empty.toString()));
        assertTrue(e.getMessage().contains("apt-get install prometheus"), e.getMessage());
    }

    @Test
    void binaryOnPathIsFoundWhenNotInTheDebianDirectory(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path promtool = Files.createFile(bin.resolve("promtool"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertEquals(promtool, PrometheusBinaries.find("promtool", dir.resolve("nowhere"), "/nonexistent:" + bin));
    }
}
