package dev.trae.mcp.internal;

import io.modelcontextprotocol.spec.McpError;

import dev.trae.aws.core.Redaction;

/** The JSON-RPC errors the server answers with; messages are scrubbed of anything that looks like a secret. */
final class Errors {
    /** JSON-RPC: invalid method parameters (bad or unsafe tool input). */
    static final int INVALID_PARAMS = -32602;
    /** JSON-RPC: internal error. */
    static final int INTERNAL = -32603;
    /** Server-defined: refused by policy (budget). */
    static final int REFUSED = -32001;
    /** Server-defined: the request was cancelled by the client (same code as LSP's RequestCancelled). */
    static final int CANCELLED = -32800;

    private Errors() {
    }

    static McpError invalid(String tool, String message) {
        return of(INVALID_PARAMS, tool + ": " + message);
    }

    static McpError of(int code, String message) {
        return McpError.builder(code).message(Redaction.scrub(message)).build();
    }
}
