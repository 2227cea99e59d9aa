package dev.trae.mcp;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

/**
 * An SDK client transport that remembers the id of the last {@code tools/call} it sent and can send MCP's
 * {@code notifications/cancelled} for it on the same connection (the SDK's sync client has no cancel call).
 */
final class RecordingTransport implements McpClientTransport {
    private final McpClientTransport delegate;
    private final AtomicReference<Object> lastToolCall = new AtomicReference<>();
    /** Progress values per token in the order the transport received them (the sync client's consumers run concurrently). */
    private final Map<Object, java.util.List<Double>> wireProgress = new java.util.concurrent.ConcurrentHashMap<>();

    RecordingTransport(McpClientTransport delegate) {
        this.delegate = delegate;
    }

    Object lastToolCallId() {
        return lastToolCall.get();
    }

    /** Sends {@code notifications/cancelled} for a request (MCP specification, cancellation utility). */
    void cancel(Object requestId, String reason) {
        delegate.sendMessage(new McpSchema.JSONRPCNotification("2.0", "notifications/cancelled",
                Map.of("requestId", requestId, "reason", reason))).block();
    }

    java.util.List<Double> wireProgress(Object token) {
        return wireProgress.getOrDefault(token, java.util.List.of());
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(in -> handler.apply(in.doOnNext(this::inbound)));
    }

    private void inbound(McpSchema.JSONRPCMessage m) {
        if (m instanceof McpSchema.JSONRPCNotification n && "notifications/progress".equals(n.method()) && n.params() instanceof Map<?, ?> p) {
            wireProgress.computeIfAbsent(p.get("progressToken"), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(((Number) p.get("progress")).doubleValue());
        }
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest r && "tools/call".equals(r.method())) {
            lastToolCall.set(r.id());
        }
        return delegate.sendMessage(message);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return delegate.unmarshalFrom(data, type);
    }

    @Override
    public java.util.List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
