package dev.trae.mcp;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * MCP SDK clients for a Trae MCP server, for Java programs, the demo, the benchmarks and the tests: a stdio
 * transport that launches the server as a child process, or a Streamable HTTP transport with the bearer token.
 *
 * <pre>{@code
 * try (McpSyncClient client = McpClients.client(McpClients.stdio(List.of("java", "-jar", "trae-mcp.jar", "--local")),
 *         Duration.ofMinutes(2), p -> { }, List.of())) {
 *     client.initialize();
 *     client.listTools().tools().forEach(t -> System.out.println(t.name()));
 * }
 * }</pre>
 */
public final class McpClients {
    private McpClients() {
    }

    /** A stdio transport running {@code command} (the first element is the program). */
    public static McpClientTransport stdio(List<String> command) {
        ServerParameters p = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
        StdioClientTransport t = new StdioClientTransport(p, McpJsonDefaults.getMapper());
        t.setStdErrorHandler(line -> System.err.println("[trae-mcp] " + line));
        return t;
    }

    /** A Streamable HTTP transport to {@code baseUrl} (for example {@code http://127.0.0.1:8931}) sending the bearer token. */
    public static McpClientTransport http(String baseUrl, String token) {
        return HttpClientStreamableHttpTransport.builder(baseUrl).endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build();
    }

    /** A synchronous client on {@code transport} (not yet initialised) announcing {@code roots}. */
    public static McpSyncClient client(McpClientTransport transport, Duration requestTimeout,
                                       Consumer<McpSchema.ProgressNotification> progress, List<McpSchema.Root> roots) {
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(requestTimeout).initializationTimeout(Duration.ofMinutes(2))
                .clientInfo(new McpSchema.Implementation("trae-mcp-client", ServerAssemblyVersion.VERSION))
                .progressConsumer(progress);
        if (!roots.isEmpty()) {
            spec.capabilities(McpSchema.ClientCapabilities.builder().roots(true).build()).roots(roots);
        }
        return spec.build();
    }

    /** The version string clients announce. */
    private static final class ServerAssemblyVersion {
        static final String VERSION = dev.trae.mcp.internal.ServerAssembly.VERSION;
    }
}
