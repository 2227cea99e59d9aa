package dev.trae.mcp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Looks at each JSON-RPC message a client sends before the MCP SDK does: stamps every {@code tools/call}
 * with its call key ({@code _meta["dev.trae.mcp/call"]} = session + request id), turns
 * {@code notifications/cancelled} into {@link Cancellations#cancel}, and reports the first {@code tools/list}. Other messages pass untouched and
 * unparsed (a substring test decides), so the tap costs next to nothing.
 */
final class MessageTap {
    static final String CALL_KEY = "dev.trae.mcp/call";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Cancellations cancellations;
    private final Runnable onToolsList;
    private final java.util.concurrent.atomic.AtomicBoolean listed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param onToolsList run once, on the first message that mentions {@code tools/list} (the server then starts
     *     what the tools will need, after the handshake rather than during it)
     */
    MessageTap(Cancellations cancellations, Runnable onToolsList) {
        this.cancellations = cancellations;
        this.onToolsList = onToolsList;
    }

    /** The message to hand to the SDK (rewritten for tools/call), given the session it came on. */
    String inbound(String session, String message) {
        if (!listed.get() && message.contains("tools/list") && listed.compareAndSet(false, true)) {
            onToolsList.run();
        }
        if (!message.contains("tools/call") && !message.contains("notifications/cancelled")) {
            return message;
        }
        try {
            JsonNode root = JSON.readTree(message);
            boolean changed = false;
            if (root != null && root.isArray()) {
                for (JsonNode m : root) {
                    changed |= visit(session, m);
                }
            } else if (root != null) {
                changed = visit(session, root);
            }
            return changed ? JSON.writeValueAsString(root) : message;
        } catch (IOException e) {
            return message; // not JSON: the SDK answers with its parse error
        }
    }

    byte[] inbound(String session, byte[] message) {
        String in = new String(message, StandardCharsets.UTF_8);
        String out = inbound(session, in);
        return out == in ? message : out.getBytes(StandardCharsets.UTF_8);
    }

    private boolean visit(String session, JsonNode m) {
        if (!m.isObject()) {
            return false;
        }
        String method = m.path("method").asText("");
        if (method.equals("notifications/cancelled")) {
            JsonNode id = m.path("params").path("requestId");
            if (!id.isMissingNode() && !id.isNull()) {
                cancellations.cancel(key(session, id));
            }
            return false;
        }
        if (method.equals("tools/call") && m.has("id") && m.path("params").isObject()) {
            ObjectNode params = (ObjectNode) m.get("params");
            JsonNode meta = params.get("_meta");
            ObjectNode metaObj = meta instanceof ObjectNode o ? o : params.putObject("_meta");
            metaObj.put(CALL_KEY, key(session, m.get("id")));
            return true;
        }
        return false;
    }

    static String key(String session, JsonNode id) {
        return session + "#" + (id.isTextual() ? "s:" + id.asText() : "n:" + id.asText());
    }
}
