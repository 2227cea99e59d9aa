package dev.trae.aws.bedrock.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an InvokeModelWithResponseStream call returned: the native payload chunks in arrival order (each
 * one the model family's own JSON event, decoded from the stream's base64 {@code bytes}), the token usage
 * reported in the last chunk's {@code amazon-bedrock-invocationMetrics}, and its cost.
 *
 * @param modelId the invoked model id
 * @param chunks  the payload chunks (copied)
 * @param usage   input and output tokens (zero when the model did not report them)
 * @param cost    the cost, when the model has a price
 */
public record InvokeStreamResult(String modelId, List<byte[]> chunks, TokenUsage usage, Optional<BigDecimal> cost) {
    public InvokeStreamResult {
        List<byte[]> copy = new ArrayList<>(chunks.size());
        chunks.forEach(c -> copy.add(c.clone()));
        chunks = List.copyOf(copy);
    }

    /** The chunks (copies). */
    @Override
    public List<byte[]> chunks() {
        List<byte[]> copy = new ArrayList<>(chunks.size());
        chunks.forEach(c -> copy.add(c.clone()));
        return copy;
    }

    /** The chunks as UTF-8 strings (one JSON document each for JSON models). */
    public List<String> chunksAsUtf8() {
        return chunks.stream().map(c -> new String(c, StandardCharsets.UTF_8)).toList();
    }

    /** Total payload bytes received. */
    public long bytes() {
        return chunks.stream().mapToLong(c -> c.length).sum();
    }

    @Override
    public String toString() {
        return "InvokeStreamResult[model=" + modelId + ", " + chunks.size() + " chunks, " + bytes() + " bytes, usage=" + usage + "]";
    }
}
