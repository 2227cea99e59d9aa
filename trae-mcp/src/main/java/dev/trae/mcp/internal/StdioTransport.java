package dev.trae.mcp.internal;

import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;

/**
 * The stdio transport: the SDK's {@link StdioServerTransportProvider} reading from a pipe that a pump thread
 * fills from the real standard input, line by line through the {@link MessageTap} (MCP's stdio framing is one
 * JSON-RPC message per line). {@link #awaitEnd()} returns when the client closes standard input.
 */
public final class StdioTransport implements AutoCloseable {
    private final McpSyncServer server;
    private final Thread pump;

    public StdioTransport(ServerAssembly assembly, InputStream in, OutputStream out) throws IOException {
        PipedInputStream sdkIn = new PipedInputStream(1 << 20);
        PipedOutputStream feed = new PipedOutputStream(sdkIn);
        assembly.deferWarmUpUntilAnswered();
        // the SDK flushes once per message: after the answer to the first tools/list, the tools' warm-up may start
        OutputStream answers = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                super.flush();
                assembly.messageWritten();
            }
        };
        this.server = assembly.build(McpServer.sync(new StdioServerTransportProvider(assembly.json(), sdkIn, answers)));
        this.pump = new Thread(() -> pump(assembly.tap(), in, feed), "trae-mcp-stdin");
        pump.setDaemon(true);
        pump.start();
    }

    private static void pump(MessageTap tap, InputStream in, PipedOutputStream feed) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
             Writer w = new OutputStreamWriter(feed, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                w.write(tap.inbound("stdio", line));
                w.write('\n');
                w.flush();
            }
        } catch (IOException e) {
            // standard input closed or the server stopped reading: the session is over
        }
    }

    /** Blocks until the client closes standard input. */
    public void awaitEnd() throws InterruptedException {
        pump.join();
    }

    @Override
    public void close() {
        server.closeGracefully();
    }
}
