package dev.trae.mcp.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * Running tool calls by call key (session and JSON-RPC request id, see {@link MessageTap}) and what stops each:
 * MCP's {@code notifications/cancelled} names a request id, the tool handler sees only its arguments, so the
 * tap stamps the key into the request's {@code _meta} and the cancellation finds the call here.
 */
final class Cancellations {
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Cancellations that arrived before their call registered (the handler runs on another thread). */
    private final Map<String, Long> early = new ConcurrentHashMap<>();

    /** A running call: the actions that stop it, run once on cancellation. */
    static final class Running {
        private final List<Runnable> stops = new CopyOnWriteArrayList<>();
        private volatile boolean cancelled;

        void onCancel(Runnable stop) {
            stops.add(stop);
            if (cancelled) {
                stop.run();
            }
        }

        boolean cancelled() {
            return cancelled;
        }

        void cancel() {
            if (!cancelled) {
                cancelled = true;
                stops.forEach(Runnable::run);
            }
        }
    }

    Running register(String key) {
        Running r = new Running();
        if (key != null) {
            running.put(key, r);
            if (early.remove(key) != null) {
                r.cancel();
            }
        }
        return r;
    }

    void unregister(String key) {
        if (key != null) {
            running.remove(key);
        }
    }

    void cancel(String key) {
        Running r = running.get(key);
        if (r != null) {
            r.cancel();
            return;
        }
        long now = System.nanoTime();
        early.entrySet().removeIf(e -> now - e.getValue() > 60_000_000_000L);
        early.put(key, now);
    }
}
