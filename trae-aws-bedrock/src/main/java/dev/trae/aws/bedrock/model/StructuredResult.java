package dev.trae.aws.bedrock.model;

import java.util.Objects;

/**
 * Structured output bound to a Java type.
 *
 * @param value    the bound value
 * @param result   the model call that produced it (the last one, if a repair round was needed)
 * @param usage    tokens of all attempts
 * @param attempts model calls made (1 unless the first output was incomplete)
 * @param <T>      the type
 */
public record StructuredResult<T>(T value, ConverseResult result, TokenUsage usage, int attempts) {
    public StructuredResult {
        Objects.requireNonNull(value);
    }
}
