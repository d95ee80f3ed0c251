package io.livedecode.decoder.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BuildVersionTest {

    @Test
    void theVersionIsTheProjectsAsTheBuildStampedIt() throws Exception {
        // Tests run in the module folder; its pom names the version in <parent>.
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "decoder/pom.xml has no parent version");
        assertEquals(m.group(1).strip(), BuildVersion.current());
        assertTrue(BuildVersion.class.getResource(BuildVersion.RESOURCE) != null, BuildVersion.RESOURCE);
    }
}
