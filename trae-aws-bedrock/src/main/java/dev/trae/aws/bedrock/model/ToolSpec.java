package dev.trae.aws.bedrock.model;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool the model may call: a name ({@code [a-zA-Z0-9_-]{1,64}}), a description, and a JSON schema
 * (an object schema) of its input. The schema is checked before any call.
 *
 * @param name        the tool name
 * @param description what the tool does; models choose tools by it
 * @param inputSchema a JSON schema with {@code "type": "object"}
 */
public record ToolSpec(String name, String description, JsonNode inputSchema) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        inputSchema = inputSchema.deepCopy();
    }
}
