package dev.trae.benchmarks.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A minimal, blocking MCP client over a server process's stdio: it writes one JSON-RPC line and reads lines
 * until the answer with the same id, on the calling thread, with no scheduler or thread hand-over of its own.
 * It times the round trip from just before the request is written to just after the answer line is read
 * (before the answer is parsed), so what it measures is the server and the pipe, not a client library: the
 * MCP SDK's client adds its own Reactor hand-overs and JSON work on top (reported beside it by {@link McpSuite}).
 */
final class RawStdioClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final OutputStream out;
    private final BufferedReader in;
    private int id;

    /** One answer: the round trip in milliseconds and the JSON-RPC message. */
    record Answer(double millis, JsonNode message) {
        JsonNode result() {
            if (message.has("error")) {
                throw new IllegalStateException("MCP error: " + message.get("error"));
            }
            return message.get("result");
        }
    }

    RawStdioClient(List<String> command, Path stderr) throws IOException {
        this.process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        this.out = process.getOutputStream();
        this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The MCP handshake: initialize, the initialized notification, and the tool list. */
    void initialize() throws IOException {
        call("initialize", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "trae-bench-raw", "version", "1")));
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("jsonrpc", "2.0");
        note.put("method", "notifications/initialized");
        write(JSON.writeValueAsBytes(note));
        call("tools/list", Map.of()).result();
    }

    /** A {@code tools/call}; throws if the server answered with a JSON-RPC error or a tool error. */
    Answer callTool(String name, Map<String, Object> arguments) throws IOException {
        Answer a = call("tools/call", Map.of("name", name, "arguments", arguments));
        if (a.result().path("isError").asBoolean(false)) {
            throw new IllegalStateException(name + " failed: " + a.result().path("content"));
        }
        return a;
    }

    Answer call(String method, Object params) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("id", ++id);
        m.put("method", method);
        m.put("params", params);
        byte[] line = JSON.writeValueAsBytes(m);
        long t0 = System.nanoTime();
        write(line);
        for (String l; (l = in.readLine()) != null; ) {
            long t1 = System.nanoTime();
            JsonNode answer = JSON.readTree(l);
            if (answer.path("id").asInt(-1) == id) {
                return new Answer((t1 - t0) / 1e6, answer);
            }
        }
        throw new IOException("the server closed its output before answering " + method);
    }

    private void write(byte[] line) throws IOException {
        out.write(line);
        out.write('\n');
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
