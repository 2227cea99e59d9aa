package dev.trae.mcp.internal;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The Streamable HTTP transport: the SDK's {@link HttpServletStreamableServerTransportProvider} at {@code /mcp}
 * on an embedded Jetty (the Jetty 11 that Trae Local already brings), behind a filter that requires the bearer
 * token (401 otherwise), refuses browser origins not on the allow list (403), caps request bodies and passes
 * POSTed messages through the {@link MessageTap}.
 */
public final class HttpTransport implements AutoCloseable {
    /** The endpoint path. */
    public static final String ENDPOINT = "/mcp";
    private static final int MAX_BODY = 32 * 1024 * 1024;
    private final Server jetty;
    private final McpSyncServer server;
    private final int port;

    public HttpTransport(ServerAssembly assembly, String bindAddress, int port, String token, List<String> allowedOrigins) throws Exception {
        HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(assembly.json()).mcpEndpoint(ENDPOINT).build();
        this.server = assembly.build(McpServer.sync(provider));
        this.jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(bindAddress);
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder servlet = new ServletHolder(provider);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, ENDPOINT);
        FilterHolder guard = new FilterHolder(new Guard(token, allowedOrigins, connector, assembly.tap()));
        guard.setAsyncSupported(true);
        context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        this.port = connector.getLocalPort();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.closeGracefully();
        } finally {
            try {
                jetty.stop();
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }

    /** Bearer token, Origin and body size checks, then the tap. */
    static final class Guard implements Filter {
        private final byte[] expected;
        private final List<String> allowedOrigins;
        private final ServerConnector connector;
        private final MessageTap tap;

        Guard(String token, List<String> allowedOrigins, ServerConnector connector, MessageTap tap) {
            this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
            this.allowedOrigins = List.copyOf(allowedOrigins);
            this.connector = connector;
            this.tap = tap;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            String auth = request.getHeader("Authorization");
            if (auth == null || !MessageDigest.isEqual(expected, auth.getBytes(StandardCharsets.UTF_8))) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"trae-mcp\"");
                response.sendError(401, auth == null ? "missing bearer token" : "wrong bearer token");
                return;
            }
            String origin = request.getHeader("Origin");
            if (origin != null && !originAllowed(origin)) {
                response.sendError(403, "origin not allowed");
                return;
            }
            if (!"POST".equals(request.getMethod())) {
                chain.doFilter(req, res);
                return;
            }
            long declared = request.getContentLengthLong();
            if (declared > MAX_BODY) {
                response.sendError(413, "request body over " + MAX_BODY + " bytes");
                return;
            }
            byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                response.sendError(413, "request body over " + MAX_BODY + " bytes");
                return;
            }
            String session = request.getHeader("Mcp-Session-Id");
            chain.doFilter(new Body(request, tap.inbound(session == null ? "http" : "http:" + session, body)), res);
        }

        private boolean originAllowed(String origin) {
            if (allowedOrigins.contains(origin)) {
                return true;
            }
            int port = connector.getLocalPort();
            return origin.equals("http://127.0.0.1:" + port) || origin.equals("http://localhost:" + port);
        }
    }

    /** A request whose body was read (and possibly rewritten) by the guard. */
    static final class Body extends HttpServletRequestWrapper {
        private final byte[] body;

        Body(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }
    }
}
