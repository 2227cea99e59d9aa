package dev.trae.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stdio process itself, as an IDE sees it: standard output carries nothing but JSON-RPC messages (logs go to
 * standard error), and the server exits when the client closes standard input.
 */
class McpStdioProcessIntegrationTest {

    @Test
    void stdio_whenTheClientClosesStandardInput_theServerExitsAndStdoutHeldOnlyJsonRpc(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("c.properties"), "audit.file=" + tmp.resolve("audit.log") + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", McpStdioIntegrationTest.jar().toString(), "--config", config.toString())
                .redirectError(tmp.resolve("stderr.log").toFile()).start();
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            List<JsonNode> messages = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            while (messages.size() < 2) {
                String line = out.readLine();
                assertThat(line).as("server closed stdout early; stderr: %s", Files.readString(tmp.resolve("stderr.log"))).isNotNull();
                messages.add(json.readTree(line)); // throws on anything that is not JSON
            }
            assertThat(messages.get(0).path("result").path("serverInfo").path("name").asText()).isEqualTo("trae-mcp");
            assertThat(messages.get(1).path("result").path("tools")).hasSize(8);
            in.close();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits after stdin closes").isTrue();
            String rest;
            while ((rest = out.readLine()) != null) {
                json.readTree(rest);
            }
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(tmp.resolve("stderr.log"))).contains("trae-mcp: stdio");
    }
}
