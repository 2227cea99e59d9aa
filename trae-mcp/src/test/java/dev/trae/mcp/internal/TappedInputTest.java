package dev.trae.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The stdio input as the SDK reads it: whole lines, tapped on the reader's thread, nothing lost or reordered. */
class TappedInputTest {

    private static List<String> readAll(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void passesLinesThroughTheTap_stampsToolCalls_andKeepsOrderAcrossChunkBoundaries() throws Exception {
        AtomicInteger listed = new AtomicInteger();
        MessageTap tap = new MessageTap(new Cancellations(), listed::incrementAndGet);
        String big = "x".repeat(20_000); // longer than one read chunk
        String in = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}\r\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ocr\",\"arguments\":{\"p\":\"" + big + "\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"params\":{\"note\":\"\u00e9\u0436\u20ac\"}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}"; // no final newline
        StdioTransport.TappedInput t = new StdioTransport.TappedInput(tap, new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)));
        List<String> lines = readAll(t);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertThat(lines.get(1)).contains("\"" + MessageTap.CALL_KEY + "\":\"stdio#n:2\"").contains(big);
        assertThat(lines.get(2)).contains("\u00e9\u0436\u20ac");
        assertThat(lines.get(3)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
        assertThat(listed).hasValue(1);
        assertThat(t.ended()).isTrue();
    }

    @Test
    void aCancellationIsTappedWhenTheReaderReachesIt_andTheEndOfInputEndsTheSession() throws Exception {
        Cancellations cancellations = new Cancellations();
        Cancellations.Running running = cancellations.register("stdio#n:7");
        MessageTap tap = new MessageTap(cancellations, () -> { });
        String in = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}\n";
        StdioTransport.TappedInput t = new StdioTransport.TappedInput(tap, new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)));
        byte[] buf = new byte[4096];
        int n = t.read(buf, 0, buf.length);
        assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).endsWith("}\n");
        assertThat(running.cancelled()).isTrue();
        assertThat(t.available()).isZero();
        assertThat(t.read(buf, 0, buf.length)).isEqualTo(-1);
        assertThat(t.ended()).isTrue();
    }
}
