package dev.trae.mcp.internal;

import java.util.List;
import java.util.function.Supplier;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import dev.trae.aws.core.TraeCancelledException;

/**
 * What a tool adapter gets besides its arguments: progress notifications (sent only when the client asked for
 * them with a progress token), cancellation hooks and file access under the allowed roots.
 */
final class Call {
    private final String tool;
    private final McpSyncServerExchange exchange;
    private final Object progressToken;
    private final Cancellations.Running running;
    private final Supplier<List<java.nio.file.Path>> roots;
    private final long maxFileBytes;
    private final Backends backends;
    private FileAccess files;
    private double lastProgress = Double.NEGATIVE_INFINITY;

    Call(String tool, McpSyncServerExchange exchange, Object progressToken, Cancellations.Running running,
         Supplier<List<java.nio.file.Path>> roots, long maxFileBytes, Backends backends) {
        this.tool = tool;
        this.exchange = exchange;
        this.progressToken = progressToken;
        this.running = running;
        this.roots = roots;
        this.maxFileBytes = maxFileBytes;
        this.backends = backends;
    }

    Backends backends() {
        return backends;
    }

    String tool() {
        return tool;
    }

    /** File access for this call (the client's roots are asked for once per session, then cached). */
    FileAccess files() {
        if (files == null) {
            files = new FileAccess(tool, roots.get(), maxFileBytes);
        }
        return files;
    }

    /**
     * Sends {@code notifications/progress} when the client gave a progress token; {@code total} may be null. MCP
     * requires the progress value to increase with each notification: sends are serialised (listeners call this
     * from stream and job threads) and a value that would not increase is raised to one more than the last.
     */
    synchronized void progress(double done, Double total, String message) {
        if (progressToken != null && !running.cancelled()) {
            double value = done > lastProgress ? done : lastProgress + 1;
            lastProgress = value;
            try {
                exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, value, total, message));
            } catch (RuntimeException e) {
                // a client that went away does not stop the work
            }
        }
    }

    /** Registers what stops the underlying job when the client cancels (the handler thread is interrupted too). */
    void onCancel(Runnable stop) {
        running.onCancel(stop);
    }

    void checkCancelled() {
        if (running.cancelled()) {
            throw new TraeCancelledException(tool + " was cancelled by the client");
        }
    }

    boolean cancelled() {
        return running.cancelled();
    }
}
