package dev.trae.mcp.internal;

import java.util.List;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * One tool: its name, description and JSON input schema, whether it spends model tokens (then the server's
 * budget is checked first), and the adapter that calls the module.
 */
record ToolDef(String name, String title, String description, String inputSchema, boolean costly, Handler handler) {

    /** Calls the module's public API with validated arguments. */
    @FunctionalInterface
    interface Handler {
        Result handle(Call call, Args args) throws Exception;
    }

    /** A tool's structured result, its short human-readable text and any images (PNG) to return as content. */
    record Result(Object structured, String text, List<byte[]> images) {
        Result(Object structured, String text) {
            this(structured, text, List.of());
        }
    }

    McpSchema.Tool tool(io.modelcontextprotocol.json.McpJsonMapper json) {
        return McpSchema.Tool.builder().name(name).title(title).description(description).inputSchema(json, inputSchema).build();
    }
}
