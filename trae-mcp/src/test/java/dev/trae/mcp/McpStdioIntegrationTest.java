package dev.trae.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario over stdio, with the packaged jar as a child process ({@code java -jar target/trae-mcp.jar --local});
 * runs after {@code package} (failsafe), when the jar and its {@code lib/} exist.
 */
class McpStdioIntegrationTest extends ToolScenarios {

    static Path jar() {
        return Path.of("target", "trae-mcp.jar").toAbsolutePath();
    }

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        assertThat(jar()).as("run through `mvn verify`: the jar is built in package").exists();
        prepare(tmp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        connect(McpClients.stdio(List.of(java, "-jar", jar().toString(), "--local", "--allow-dir", dir.toString(),
                "--config", config.toString())));
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.closeGracefully();
        }
    }
}
