package dev.trae.mcp.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

/**
 * The SDK's default JSON Schema validator, created on first use: loading the schema library is a good part of
 * the start-up time, and answering {@code initialize} and {@code tools/list} never needs it.
 *
 * <p>The SDK checks every tool's input schema against the JSON Schema meta-schema when the server is built.
 * For the server's own tool schemas (the exact {@link Map} instances {@link #trustBuiltIn registered} here)
 * that check is done at build time instead, by {@code ToolSchemaTest} with the SDK's real validator, so
 * start-up skips it; any other schema is checked as usual.
 */
final class LazySchemaValidator implements JsonSchemaValidator {
    private final Backends.Lazy<JsonSchemaValidator> delegate = new Backends.Lazy<>(
            () -> new io.modelcontextprotocol.json.schema.jackson2.JacksonJsonSchemaValidatorSupplier().get());
    private final Set<Map<String, Object>> builtIn = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /** Marks one of the server's own tool schemas (checked by the build's tests) as known to conform. */
    void trustBuiltIn(Map<String, Object> schema) {
        if (schema != null) {
            builtIn.add(schema);
        }
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        return delegate.get().validate(schema, structuredContent);
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        if (builtIn.contains(schema)) {
            return ValidationResponse.asValid(null);
        }
        return delegate.get().validateSchema(schema);
    }

    /** The real validator's verdict on a schema, never the built-in shortcut (for the build's tests). */
    ValidationResponse validateSchemaStrictly(Map<String, Object> schema) {
        return delegate.get().validateSchema(schema);
    }
}
