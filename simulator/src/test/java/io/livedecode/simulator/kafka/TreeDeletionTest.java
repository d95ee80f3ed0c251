package io.livedecode.simulator.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TreeDeletionTest {

    @Test
    void deletesANestedTreeButNotWhatALinkPointsTo(@TempDir Path temp) throws IOException {
        Path outside = Files.writeString(temp.resolve("outside.txt"), "keep");
        Path root = temp.resolve("kafka");
        Files.createDirectories(root.resolve("logs/frames-0"));
        Files.write(root.resolve("logs/frames-0/00000000000000000000.log"), new byte[1024]);
        Files.writeString(root.resolve("meta.properties"), "node.id=1");
        Files.createSymbolicLink(root.resolve("link"), outside);

        TreeDeletion.delete(root);

        assertFalse(Files.exists(root));
        assertTrue(Files.exists(outside));
    }

    @Test
    void aMissingRootIsAlreadyDeleted(@TempDir Path temp) throws IOException {
        TreeDeletion.delete(temp.resolve("never-created"));

        assertTrue(Files.isDirectory(temp));
    }
}
