package io.livedecode.decoder.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lints the root Dockerfile with dockerfile-utils and hadolint-style rules (deploy/validate). */
class DockerfileLintTest {

    private static final Path ROOT = DeployTools.repoRoot();

    @Test
    void dockerfileHasNoFindings() {
        DeployTools.Result result = DeployTools.node("lint-dockerfile.mjs", null,
                ROOT.resolve("Dockerfile").toString(), ROOT.toString()).assertSucceeded();
        assertTrue(result.stdout().contains("2 stages, no findings"), result::describe);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "FROM eclipse-temurin:25-jre AS runtime|FROM eclipse-temurin AS runtime|DL3006",
        "USER 10001:10001|USER root|DL3002",
        "CMD [\"serve\"]|CMD serve|DL3025",
        "EXPOSE 8080|EXPOSES 8080|Unknown instruction: EXPOSES",
        "    && rm -rf /var/lib/apt/lists/* \\|    && true \\|DL3009",
        "COPY decoder/src decoder/src|COPY decoder/sources decoder/src|LD0002",
    })
    void brokenDockerfileIsRejected(String from, String to, String expected, @TempDir Path dir) throws IOException {
        Path broken = Files.copy(ROOT.resolve("Dockerfile"), dir.resolve("Dockerfile"));
        DeployTools.replaceOnce(broken, from, to);

        DeployTools.Result result = DeployTools.node("lint-dockerfile.mjs", null, broken.toString(), ROOT.toString());

        assertEquals(1, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains(expected), result::describe);
    }
}
