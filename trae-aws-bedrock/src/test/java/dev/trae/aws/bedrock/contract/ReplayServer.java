package dev.trae.aws.bedrock.contract;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP server that answers each request with the next recorded response, byte for byte (status,
 * recorded headers, body), and keeps what the client sent. When the recording is used up it answers 500 with an
 * explanation, so that an unexpected extra call fails the test.
 */
final class ReplayServer implements AutoCloseable {
    /** A request the client sent. */
    record Sent(String method, String path, Map<String, List<String>> headers, byte[] body) {
        JsonNode json() {
            try {
                return Recording.JSON.readTree(body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final Deque<Recording.Interaction> queue = new ArrayDeque<>();
    private final List<Sent> sent = new ArrayList<>();

    ReplayServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues recorded responses (replacing what is left). */
    synchronized ReplayServer replay(List<Recording.Interaction> interactions) {
        queue.clear();
        queue.addAll(interactions);
        sent.clear();
        return this;
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] req = x.getRequestBody().readAllBytes();
        Recording.Interaction next;
        synchronized (this) {
            sent.add(new Sent(x.getRequestMethod(), x.getRequestURI().getRawPath(), Map.copyOf(x.getRequestHeaders()), req));
            next = queue.poll();
        }
        if (next == null) {
            byte[] msg = "{\"message\":\"the recording has no more responses\"}".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(500, msg.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(msg);
            }
            return;
        }
        boolean hasType = false;
        for (Map.Entry<String, String> h : next.headers().entrySet()) {
            String k = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (k.equals("content-length") || k.equals("transfer-encoding") || k.equals("connection") || k.equals("date")) {
                continue;
            }
            hasType |= k.equals("content-type");
            x.getResponseHeaders().add(h.getKey(), h.getValue());
        }
        if (!hasType) {
            // openinference cassettes keep no headers: a JSON body or raw event-stream frames
            boolean json = next.body().length > 0 && next.body()[0] == '{';
            x.getResponseHeaders().add("Content-Type", json ? "application/json" : "application/vnd.amazon.eventstream");
        }
        x.sendResponseHeaders(next.status(), next.body().length == 0 ? -1 : next.body().length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(next.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
