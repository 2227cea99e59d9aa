package dev.trae.mcp.internal;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;

/**
 * The stdio transport: the SDK's {@link StdioServerTransportProvider} reading standard input through a
 * {@link TappedInput}, which passes each line through the {@link MessageTap} on the SDK's own reader thread
 * (MCP's stdio framing is one JSON-RPC message per line). No extra thread or pipe sits between the client and
 * the SDK, so a message costs no hand-over. {@link #awaitEnd()} returns when the client closes standard input.
 */
public final class StdioTransport implements AutoCloseable {
    private final McpSyncServer server;
    private final TappedInput input;

    public StdioTransport(ServerAssembly assembly, InputStream in, OutputStream out) throws IOException {
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
        this.input = new TappedInput(assembly.tap(), in);
        this.server = assembly.build(McpServer.sync(new StdioServerTransportProvider(assembly.json(), input, answers)));
    }

    /** Blocks until the client closes standard input. */
    public void awaitEnd() throws InterruptedException {
        input.ended.await();
    }

    @Override
    public void close() {
        server.closeGracefully();
    }

    /**
     * Standard input as the SDK reads it: whole lines, each rewritten by the tap before the SDK sees it. A
     * read blocks only when no byte of the current line is left; {@link #available()} reports what is left of
     * it, so the SDK's reader decodes a line without asking for the next one.
     */
    static final class TappedInput extends InputStream {
        private final MessageTap tap;
        private final InputStream in;
        private final CountDownLatch ended = new CountDownLatch(1);
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        private final byte[] chunk = new byte[8192];
        private int chunkPos;
        private int chunkEnd;
        private byte[] current = new byte[0];
        private int pos;
        private boolean eof;

        TappedInput(MessageTap tap, InputStream in) {
            this.tap = tap;
            this.in = in;
        }

        @Override
        public synchronized int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return current[pos++] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        /** Whether the client closed its end (the session is over). */
        boolean ended() {
            return ended.getCount() == 0;
        }

        @Override
        public synchronized int available() {
            return current.length - pos;
        }

        /** Makes the next tapped line current if the last one is used up; false at the end of input. */
        private boolean fill() throws IOException {
            while (pos >= current.length) {
                if (eof) {
                    return false;
                }
                byte[] next = nextLine();
                if (next == null) {
                    eof = true;
                    ended.countDown();
                    return false;
                }
                byte[] tapped = tap.inbound("stdio", next);
                current = new byte[tapped.length + 1];
                System.arraycopy(tapped, 0, current, 0, tapped.length);
                current[tapped.length] = '\n';
                pos = 0;
            }
            return true;
        }

        /** The next line without its end ({@code \n} or {@code \r\n}), or null at the end of input. */
        private byte[] nextLine() throws IOException {
            line.reset();
            while (true) {
                if (chunkPos == chunkEnd) {
                    int n = in.read(chunk);
                    if (n < 0) {
                        return line.size() == 0 ? null : trimmed();
                    }
                    chunkPos = 0;
                    chunkEnd = n;
                }
                for (int i = chunkPos; i < chunkEnd; i++) {
                    if (chunk[i] == '\n') {
                        line.write(chunk, chunkPos, i - chunkPos);
                        chunkPos = i + 1;
                        return trimmed();
                    }
                }
                line.write(chunk, chunkPos, chunkEnd - chunkPos);
                chunkPos = chunkEnd;
            }
        }

        private byte[] trimmed() {
            byte[] b = line.toByteArray();
            int n = b.length;
            if (n > 0 && b[n - 1] == '\r') {
                return java.util.Arrays.copyOf(b, n - 1);
            }
            return b;
        }

        @Override
        public void close() throws IOException {
            ended.countDown();
            in.close();
        }
    }
}
