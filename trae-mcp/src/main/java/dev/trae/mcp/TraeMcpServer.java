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
import java.util.concurrent.CountDownLatch;

import dev.trae.mcp.internal.HttpTransport;
import dev.trae.mcp.internal.ServerAssembly;
import dev.trae.mcp.internal.StdioTransport;

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
    /**
     * The {@code _meta} key of every successful tool result that holds the microseconds the tool's module work
     * took inside the server; a client's round trip minus this is the server's own overhead.
     */
    public static final String MODULE_MICROS = "dev.trae.mcp/module-micros";
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
        Cli cli;
        try {
            cli = Cli.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("trae-mcp: " + e.getMessage());
            err.println(Cli.USAGE);
            System.exit(2);
            return;
        }
        if (cli.help) {
            err.println(Cli.USAGE);
            return;
        }
        if (cli.version) {
            err.println("trae-mcp " + ServerAssembly.VERSION);
            return;
        }
        try {
            cli.run(protocolOut, err);
        } catch (Exception e) {
            err.println("trae-mcp: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The command line. A hand-written parser rather than a CLI library: the server's start-up time is part of
     * what an IDE user waits for, and a reflective CLI framework cost about a tenth of it.
     */
    static final class Cli {
        static final String USAGE = """
                Usage: trae-mcp [--local] [--http PORT [--bind ADDRESS] [--allow-origin ORIGIN]... [--token-env NAME]]
                                [--allow-dir DIR]... [--config FILE] [-h] [-V]
                MCP server for the Trae AWS SDK. stdio by default; --http PORT for Streamable HTTP.
                      --http PORT          serve Streamable HTTP on PORT (0 picks one) instead of stdio
                      --bind ADDRESS       HTTP bind address (default 127.0.0.1)
                      --local              run on Trae Local (embedded S3 and AWS fakes), no AWS account needed
                      --allow-dir DIR      a directory tools may read files from (repeatable)
                      --allow-origin ORIGIN
                                           a browser origin allowed over HTTP (repeatable)
                      --config FILE        a .properties file (connections, destinations, budget, models)
                      --token-env NAME     environment variable holding the HTTP bearer token (default %s);
                                           generated when unset
                  -h, --help               show this help and exit
                  -V, --version            print the version and exit""".formatted(McpSettings.DEFAULT_TOKEN_ENV);

        Integer httpPort;
        String bind = "127.0.0.1";
        boolean local;
        final List<Path> allowDirs = new ArrayList<>();
        final List<String> origins = new ArrayList<>();
        Path config;
        String tokenEnv = McpSettings.DEFAULT_TOKEN_ENV;
        boolean help;
        boolean version;

        /** Parses {@code --name value}, {@code --name=value} and flags; throws on anything unknown or incomplete. */
        static Cli parse(String... args) {
            Cli c = new Cli();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String name = a;
                String inline = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    name = a.substring(0, eq);
                    inline = a.substring(eq + 1);
                }
                switch (name) {
                    case "--local" -> c.local = flag(name, inline);
                    case "-h", "--help" -> c.help = flag(name, inline);
                    case "-V", "--version" -> c.version = flag(name, inline);
                    case "--http" -> {
                        String v = inline != null ? inline : value(args, ++i, name);
                        try {
                            c.httpPort = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--http expects a port number, got '" + v + "'");
                        }
                        if (c.httpPort < 0 || c.httpPort > 65535) {
                            throw new IllegalArgumentException("--http expects a port between 0 and 65535, got " + c.httpPort);
                        }
                    }
                    case "--bind" -> c.bind = inline != null ? inline : value(args, ++i, name);
                    case "--allow-dir" -> c.allowDirs.add(Path.of(inline != null ? inline : value(args, ++i, name)));
                    case "--allow-origin" -> c.origins.add(inline != null ? inline : value(args, ++i, name));
                    case "--config" -> c.config = Path.of(inline != null ? inline : value(args, ++i, name));
                    case "--token-env" -> c.tokenEnv = inline != null ? inline : value(args, ++i, name);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return c;
        }

        private static boolean flag(String name, String inline) {
            if (inline != null) {
                throw new IllegalArgumentException(name + " takes no value");
            }
            return true;
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            return args[i];
        }

        void run(OutputStream protocolOut, PrintStream err) throws Exception {
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
                return;
            }
            ServerAssembly assembly = new ServerAssembly(settings);
            StdioTransport stdio = new StdioTransport(assembly, System.in, protocolOut);
            err.println("trae-mcp: stdio" + (local ? " (Trae Local)" : "") + ", tools " + toolNames());
            try (TraeMcpServer server = new TraeMcpServer(assembly, null, stdio, null)) {
                stdio.awaitEnd();
            }
            System.exit(0);
        }
    }
}
