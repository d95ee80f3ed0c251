package io.livedecode.decoder.deploy;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validates deploy/docker-compose.yml with docker-compose's own schema check, no engine needed. */
class DockerComposeConfigTest {

    private static final Path COMPOSE = DeployTools.repoRoot().resolve("deploy/docker-compose.yml");

    @Test
    void composeFileIsValid() {
        DeployTools.composeConfig(COMPOSE, "-q").assertSucceeded();
    }

    @Test
    void composeFileDefinesTheWholeStack() {
        DeployTools.Result services = DeployTools.composeConfig(COMPOSE, "--services").assertSucceeded();
        for (String service : new String[] {"kafka", "topics", "decoder", "simulator", "prometheus", "grafana"}) {
            assertTrue(services.stdout().lines().anyMatch(service::equals), () -> "no service " + service
                    + " in " + services.stdout());
        }
    }

    @Test
    void unknownServiceKeyIsRejected(@TempDir Path dir) throws IOException {
        Path broken = copyCompose(dir);
        DeployTools.replaceOnce(broken, "    mem_limit: 2g\n", "    mem_limt: 2g\n");

        DeployTools.Result result = DeployTools.composeConfig(broken, "-q");

        assertNotEquals(0, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("mem_limt"), result::describe);
    }

    @Test
    void wrongValueTypeIsRejected(@TempDir Path dir) throws IOException {
        Path broken = copyCompose(dir);
        DeployTools.replaceOnce(broken, "      retries: 12\n", "      retries: twelve\n");

        DeployTools.Result result = DeployTools.composeConfig(broken, "-q");

        assertNotEquals(0, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("retries"), result::describe);
    }

    @Test
    void dependencyOnAMissingServiceIsRejected(@TempDir Path dir) throws IOException {
        Path broken = copyCompose(dir);
        DeployTools.replaceOnce(broken, "      kafka:\n        condition: service_healthy\n",
                "      kafak:\n        condition: service_healthy\n");

        DeployTools.Result result = DeployTools.composeConfig(broken, "-q");

        assertNotEquals(0, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("kafak"), result::describe);
    }

    private static Path copyCompose(Path dir) throws IOException {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        return Files.copy(COMPOSE, deploy.resolve("docker-compose.yml"));
    }
}
