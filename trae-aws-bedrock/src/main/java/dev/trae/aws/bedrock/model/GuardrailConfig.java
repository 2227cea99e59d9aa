package dev.trae.aws.bedrock.model;

import java.util.Objects;

/**
 * The guardrail applied to a converse or stream call. With {@code trace} on (the default here), the
 * result carries the guardrail's assessments.
 *
 * @param identifier the guardrail id or ARN
 * @param version    {@code DRAFT} or a version number
 * @param trace      whether to return the assessments
 * @param asyncStreamProcessing for streams: evaluate asynchronously (lower latency, output may show before it is assessed)
 */
public record GuardrailConfig(String identifier, String version, boolean trace, boolean asyncStreamProcessing) {
    public GuardrailConfig {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(version, "version");
    }

    /** A guardrail version with tracing on and synchronous stream processing. */
    public static GuardrailConfig of(String identifier, String version) {
        return new GuardrailConfig(identifier, version, true, false);
    }
}
