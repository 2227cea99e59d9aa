package dev.trae.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every scenario over Streamable HTTP against an in-process server, plus the HTTP security checks and the budget. */
class McpHttpTest extends ToolScenarios {
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    TraeMcpServer server;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        prepare(tmp);
        server = TraeMcpServer.start(McpSettings.builder().http(0).local(true).allowDir(dir).propertiesFile(config).build());
        connect(McpClients.http("http://127.0.0.1:" + server.port(), server.token()));
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.closeGracefully();
        }
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> post(Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url())).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INIT));
        headers.forEach(b::header);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void http_whenTheBearerTokenIsMissingOrWrong_answers401() throws Exception {
        HttpResponse<String> missing = post(Map.of());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(post(Map.of("Authorization", "Bearer " + server.token() + "x")).statusCode()).isEqualTo(401);
        assertThat(post(Map.of("Authorization", server.token())).statusCode()).isEqualTo(401);
        assertThat(post(Map.of("Authorization", "Bearer " + server.token())).statusCode()).isEqualTo(200);
    }

    @Test
    void http_whenTheOriginIsForeign_answers403() throws Exception {
        assertThat(post(Map.of("Authorization", "Bearer " + server.token(), "Origin", "https://evil.example")).statusCode()).isEqualTo(403);
        assertThat(post(Map.of("Authorization", "Bearer " + server.token(), "Origin", "http://127.0.0.1:" + server.port())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void http_whenNotToldOtherwise_bindsToLoopbackOnly() {
        assertThat(McpSettings.builder().http(0).build().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(server.url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void budget_whenTheServersBudgetIsUsedUp_refusesTheCallNamingTheBudget(@TempDir Path other) throws Exception {
        McpSettings s = McpSettings.builder().http(0).local(true).property("audit.file", other.resolve("audit.log").toString())
                .property("app", "ide-team").property("budget.usd", "0.000001").build();
        try (TraeMcpServer budgeted = TraeMcpServer.start(s);
             McpSyncClient c = McpClients.client(McpClients.http("http://127.0.0.1:" + budgeted.port(), budgeted.token()),
                     Duration.ofSeconds(60), p -> { }, List.of())) {
            c.initialize();
            Map<String, Object> args = Map.of("prompt", "Write a Java class A in package demo", "language", "java", "validate", false);
            assertThat(c.callTool(new McpSchema.CallToolRequest("generate_code", args)).isError()).isNotEqualTo(true);
            assertThatThrownBy(() -> c.callTool(new McpSchema.CallToolRequest("generate_code", args))).isInstanceOf(McpError.class)
                    .hasMessageContaining("budget 'ide-team'").hasMessageContaining("used up");
            assertThat(c.callTool(new McpSchema.CallToolRequest("cost_report", Map.of())).structuredContent().toString())
                    .contains("ide-team", "REFUSE");
        }
    }

    @Test
    void roots_whenTheClientAnnouncesMcpRoots_filesUnderThemCanBeReadByThatSessionOnly(@TempDir Path other) throws Exception {
        Path page = other.resolve("note.png");
        Files.copy(dir.resolve("page.png"), page);
        Map<String, Object> args = Map.of("paths", List.of(page.toString()), "languages", "eng");
        // this class's client announces no roots: the folder is outside its allowed roots
        assertThatThrownBy(() -> call("ocr", args)).isInstanceOf(McpError.class).hasMessageContaining("outside the allowed roots");
        try (McpSyncClient withRoots = McpClients.client(McpClients.http("http://127.0.0.1:" + server.port(), server.token()),
                Duration.ofSeconds(90), p -> { }, List.of(new McpSchema.Root(other.toUri().toString(), "notes")))) {
            withRoots.initialize();
            McpSchema.CallToolResult r = withRoots.callTool(new McpSchema.CallToolRequest("ocr", args));
            assertThat(structured(r).get("files").toString()).contains("Inspection");
            // relative paths resolve against the session's first root (the server's --allow-dir comes first)
            assertThatThrownBy(() -> withRoots.callTool(new McpSchema.CallToolRequest("ocr", Map.of("paths", List.of(outside.toString())))))
                    .isInstanceOf(McpError.class).hasMessageContaining("outside the allowed roots");
        }
    }
}
