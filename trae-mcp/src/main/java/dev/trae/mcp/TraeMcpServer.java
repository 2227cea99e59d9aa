package dev.trae.mcp;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.trae.mcp.internal.HttpTransport;
import dev.trae.mcp.internal.ServerAssembly;
import dev.trae.mcp.internal.StdioTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Trae MCP server: the SDK's capabilities (code and UI generation, screenshot layouts, OCR, document
 * analysis, table export, the model catalog and the cost ledger) as MCP tools and resources for IDEs and agents.
 *
 * <p>From the command line: {@code java -jar trae-mcp.jar [--local] [--allow-dir DIR]... [--config FILE]}
 * speaks stdio; {@code --http PORT} serves Streamable HTTP on {@code 127.0.0.1} with a bearer token. Embedded:
 *
 * <pre>{@code
 * try (TraeMcpServer server = TraeMcpServer.start(McpSettings.builder().http(0).local(true).build())) {
 *     System.out.println(server.url());
 * }
 * }</pre>
 */
public final class TraeMcpServer implements AutoCloseable {
    private final ServerAssembly assembly;
    private final HttpTransport http;
    private final StdioTransport stdio;
    private final String token;

    private TraeMcpServer(ServerAssembly assembly, HttpTransport http, StdioTransport stdio, String token) {
        this.assembly = assembly;
        this.http = http;
        this.stdio = stdio;
        this.token = token;
    }

    /** Starts an HTTP server (stdio servers start from {@link #main} only: they own the process's standard streams). */
    public static TraeMcpServer start(McpSettings settings) {
        if (settings.transport() != McpSettings.Transport.HTTP) {
            throw new IllegalArgumentException("start() serves HTTP; stdio is run by main()");
        }
        String token = token(settings);
        ServerAssembly assembly = new ServerAssembly(settings);
        try {
            HttpTransport http = new HttpTransport(assembly, settings.bindAddress(), settings.port(), token, settings.allowedOrigins());
            return new TraeMcpServer(assembly, http, null, token);
        } catch (Exception e) {
            assembly.close();
            throw new IllegalStateException("cannot start the HTTP transport on " + settings.bindAddress() + ":" + settings.port() + ": " + e, e);
        }
    }

    private static String token(McpSettings settings) {
        String fromEnv = System.getenv(settings.tokenEnv());
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The HTTP port. */
    public int port() {
        return http == null ? -1 : http.port();
    }

    /** The Streamable HTTP endpoint URL. */
    public String url() {
        return "http://" + hostFor() + ":" + port() + HttpTransport.ENDPOINT;
    }

    private String hostFor() {
        return "127.0.0.1";
    }

    /** The bearer token HTTP clients must send. */
    public String token() {
        return token;
    }

    /** The tool names, in listing order. */
    public static List<String> toolNames() {
        return ServerAssembly.toolNames();
    }

    @Override
    public void close() {
        try {
            if (http != null) {
                http.close();
            }
            if (stdio != null) {
                stdio.close();
            }
        } finally {
            assembly.close();
        }
    }

    /** Runs the server; exits when standard input closes (stdio) or on a signal (HTTP). */
    public static void main(String[] args) {
        // stdio carries the protocol on standard output: keep the real stream for it and send anything else to stderr
        OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        PrintStream err = System.err;
        System.setOut(err);
        int code = new CommandLine(new Cli(protocolOut, err)).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Command(name = "trae-mcp", mixinStandardHelpOptions = true, version = ServerAssembly.VERSION,
            description = "MCP server for the Trae AWS SDK. stdio by default; --http PORT for Streamable HTTP.")
    static final class Cli implements Callable<Integer> {
        @Option(names = "--http", paramLabel = "PORT", description = "serve Streamable HTTP on PORT (0 picks one) instead of stdio")
        Integer httpPort;
        @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "HTTP bind address (default ${DEFAULT-VALUE})")
        String bind;
        @Option(names = "--local", description = "run on Trae Local (embedded S3 and AWS fakes), no AWS account needed")
        boolean local;
        @Option(names = "--allow-dir", paramLabel = "DIR", description = "a directory tools may read files from (repeatable)")
        List<Path> allowDirs = new ArrayList<>();
        @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "a browser origin allowed over HTTP (repeatable)")
        List<String> origins = new ArrayList<>();
        @Option(names = "--config", paramLabel = "FILE", description = "a .properties file (connections, destinations, budget, models)")
        Path config;
        @Option(names = "--token-env", paramLabel = "NAME", defaultValue = McpSettings.DEFAULT_TOKEN_ENV,
                description = "environment variable holding the HTTP bearer token (default ${DEFAULT-VALUE}); generated when unset")
        String tokenEnv;

        private final OutputStream protocolOut;
        private final PrintStream err;

        Cli(OutputStream protocolOut, PrintStream err) {
            this.protocolOut = protocolOut;
            this.err = err;
        }

        @Override
        public Integer call() throws Exception {
            McpSettings.Builder b = McpSettings.builder().local(local).bindAddress(bind).tokenEnv(tokenEnv);
            if (config != null) {
                b.propertiesFile(config);
            }
            allowDirs.forEach(b::allowDir);
            origins.forEach(b::allowOrigin);
            if (httpPort != null) {
                b.http(httpPort);
            }
            McpSettings settings = b.build();
            if (settings.transport() == McpSettings.Transport.HTTP) {
                TraeMcpServer server = start(settings);
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.close();
                    stop.countDown();
                }));
                err.println("trae-mcp: Streamable HTTP on http://" + bind + ":" + server.port() + HttpTransport.ENDPOINT
                        + (local ? " (Trae Local)" : ""));
                String env = System.getenv(tokenEnv);
                err.println(env != null && !env.isBlank() ? "trae-mcp: bearer token from $" + tokenEnv
                        : "trae-mcp: bearer token (set $" + tokenEnv + " to choose one): " + server.token());
                err.flush();
                stop.await();
                return 0;
            }
            ServerAssembly assembly = new ServerAssembly(settings);
            StdioTransport stdio = new StdioTransport(assembly, System.in, protocolOut);
            err.println("trae-mcp: stdio" + (local ? " (Trae Local)" : "") + ", tools " + toolNames());
            try (TraeMcpServer server = new TraeMcpServer(assembly, null, stdio, null)) {
                stdio.awaitEnd();
            }
            System.exit(0);
            return 0;
        }
    }
}
