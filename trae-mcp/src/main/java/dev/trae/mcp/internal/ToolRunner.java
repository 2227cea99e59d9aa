package dev.trae.mcp.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.trae.aws.bedrock.BudgetExceededException;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.Redaction;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeValidationException;

/**
 * Wraps every tool adapter in the server's rules, in this order: the arguments are checked against the tool's
 * JSON schema (an MCP error names the field), the server's budget is checked for tools that spend tokens,
 * the call is registered for cancellation, the adapter runs, and one audit event is written through
 * trae-security's {@code AuditLog} whatever the outcome (ok, refused, cancelled, error). Input and policy
 * refusals are JSON-RPC errors; a failure of the AWS service is a tool result with {@code isError} so the
 * model can read it. Messages are scrubbed with {@link Redaction#scrub}.
 */
public final class ToolRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ToolRunner.class);
    private final Backends backends;
    private final McpJsonMapper json;
    private final JsonSchemaValidator validator;
    private final Cancellations cancellations;
    private final List<Path> allowDirs;
    private final long maxFileBytes;
    private final Map<String, List<Path>> sessionRoots = new ConcurrentHashMap<>();

    ToolRunner(Backends backends, McpJsonMapper json, JsonSchemaValidator validator, Cancellations cancellations) {
        this.backends = backends;
        this.json = json;
        this.validator = validator;
        this.cancellations = cancellations;
        this.allowDirs = FileAccess.real(backends.settings().allowedDirs());
        this.maxFileBytes = Long.parseLong(backends.settings().property("max-file-bytes").orElse(String.valueOf(10L * 1024 * 1024)));
    }

    /** Forgets a session's cached MCP roots (the client said they changed). */
    void rootsChanged(String sessionId) {
        sessionRoots.remove(sessionId);
    }

    McpServerFeatures.SyncToolSpecification spec(ToolDef def) {
        McpSchema.Tool tool = def.tool(json);
        Map<String, Object> schema = json.convertValue(tool.inputSchema(), new TypeRef<Map<String, Object>>() { });
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> call(def, schema, exchange, request)).build();
    }

    private McpSchema.CallToolResult call(ToolDef def, Map<String, Object> schema, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        long t0 = System.nanoTime();
        Map<String, Object> meta = request.meta() == null ? Map.of() : request.meta();
        Object key = meta.get(MessageTap.CALL_KEY);
        String callKey = key == null ? null : key.toString();
        String client = exchange.getClientInfo() == null ? "unknown-client" : exchange.getClientInfo().name();
        AuditEvent.Builder audit = AuditEvent.of("mcp", "tools/call " + def.name(), def.name()).principal(client)
                .detail("session", String.valueOf(exchange.sessionId()));
        Cancellations.Running running = cancellations.register(callKey);
        Thread worker = Thread.currentThread();
        running.onCancel(worker::interrupt);
        String outcome = "error";
        try {
            Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
            JsonSchemaValidator.ValidationResponse v = validator.validate(schema, args);
            if (!v.valid()) {
                outcome = "refused";
                throw Errors.invalid(def.name(), "invalid arguments: " + v.errorMessage());
            }
            if (def.costly()) {
                backends.bedrock().ledger().checkBudget(backends.app);
            }
            Call call = new Call(def.name(), exchange, meta.get("progressToken"), running, () -> roots(exchange), maxFileBytes, backends);
            long m0 = System.nanoTime();
            ToolDef.Result r = def.handler().handle(call, new Args(args));
            long moduleMicros = (System.nanoTime() - m0) / 1_000;
            call.checkCancelled();
            outcome = "ok";
            return toResult(r, moduleMicros);
        } catch (McpError e) {
            outcome = "refused";
            audit.detail("reason", e.getMessage());
            throw e;
        } catch (BudgetExceededException e) {
            outcome = "refused";
            audit.detail("reason", "budget " + e.app());
            throw Errors.of(Errors.REFUSED, def.name() + ": refused by the server's budget '" + e.app() + "': " + e.getMessage());
        } catch (TraeValidationException e) {
            outcome = "refused";
            audit.detail("reason", Redaction.scrub(e.getMessage()));
            throw Errors.invalid(def.name(), e.getMessage());
        } catch (TraeCancelledException | InterruptedException e) {
            outcome = "cancelled";
            throw Errors.of(Errors.CANCELLED, def.name() + " was cancelled");
        } catch (TraeException e) {
            if (running.cancelled()) {
                outcome = "cancelled";
                throw Errors.of(Errors.CANCELLED, def.name() + " was cancelled");
            }
            audit.detail("reason", Redaction.scrub(e.getMessage()));
            return McpSchema.CallToolResult.builder().isError(true)
                    .addTextContent(def.name() + " failed: " + Redaction.scrub(e.getMessage())).build();
        } catch (Exception e) {
            if (running.cancelled()) {
                outcome = "cancelled";
                throw Errors.of(Errors.CANCELLED, def.name() + " was cancelled");
            }
            LOG.warn("{} failed: {}", def.name(), Redaction.scrub(String.valueOf(e)));
            throw Errors.of(Errors.INTERNAL, def.name() + " failed inside the server: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (LinkageError e) {
            // a broken class path must answer the call, not leave the client waiting
            LOG.error("{} failed: {}", def.name(), e.toString());
            throw Errors.of(Errors.INTERNAL, def.name() + " failed inside the server: " + e);
        } finally {
            cancellations.unregister(callKey);
            Thread.interrupted(); // a late cancellation must not leak into the pool thread's next task
            backends.audit().record(audit.result(outcome).detail("ms", String.valueOf((System.nanoTime() - t0) / 1_000_000)).build());
        }
    }

    /**
     * The MCP result: structured content, the short text, images, and in {@code _meta} the microseconds the
     * tool's module work took inside the server ({@link dev.trae.mcp.TraeMcpServer#MODULE_MICROS}), so a client can tell the server's
     * own overhead (its round trip minus that) from the work it asked for.
     */
    private McpSchema.CallToolResult toResult(ToolDef.Result r, long moduleMicros) {
        McpSchema.CallToolResult.Builder b = McpSchema.CallToolResult.builder().structuredContent(r.structured())
                .meta(Map.of(dev.trae.mcp.TraeMcpServer.MODULE_MICROS, moduleMicros))
                .addTextContent(Redaction.scrub(r.text()));
        for (byte[] png : r.images()) {
            b.addContent(new McpSchema.ImageContent(null, Base64.getEncoder().encodeToString(png), "image/png"));
        }
        return b.build();
    }

    private List<Path> roots(McpSyncServerExchange exchange) {
        String session = String.valueOf(exchange.sessionId());
        return sessionRoots.computeIfAbsent(session, s -> {
            List<Path> all = new ArrayList<>(allowDirs);
            McpSchema.ClientCapabilities caps = exchange.getClientCapabilities();
            if (caps != null && caps.roots() != null) {
                try {
                    all.addAll(FileAccess.fromRootUris(exchange.listRoots().roots().stream().map(McpSchema.Root::uri).toList()));
                } catch (RuntimeException e) {
                    LOG.debug("roots/list failed: {}", e.toString());
                }
            }
            return List.copyOf(all);
        });
    }
}
