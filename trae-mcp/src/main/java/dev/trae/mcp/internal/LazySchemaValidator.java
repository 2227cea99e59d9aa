package dev.trae.mcp.internal;

import java.util.Map;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

/**
 * The SDK's default JSON Schema validator, created on first use: loading the schema library is a good part of
 * the start-up time on a busy machine, and answering {@code initialize} and {@code tools/list} never needs it.
 */
final class LazySchemaValidator implements JsonSchemaValidator {
    private final Backends.Lazy<JsonSchemaValidator> delegate = new Backends.Lazy<>(
            () -> new io.modelcontextprotocol.json.schema.jackson2.JacksonJsonSchemaValidatorSupplier().get());

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        return delegate.get().validate(schema, structuredContent);
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        return delegate.get().validateSchema(schema);
    }
}
