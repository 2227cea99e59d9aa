package dev.trae.aws.bedrock.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of one Converse or ConverseStream call. Immutable.
 *
 * @param modelId    the model id actually invoked (after inference-profile resolution)
 * @param message    the assistant message: text and tool calls
 * @param stopReason why generation stopped
 * @param usage      tokens of this call
 * @param cost       the cost of this call in USD from the price table, when the model has a price
 * @param latencyMs  the service-reported latency
 * @param guardrail  the guardrail trace, when a guardrail with trace was configured
 */
public record ConverseResult(String modelId, Message message, StopReason stopReason, TokenUsage usage,
                             Optional<BigDecimal> cost, long latencyMs, Optional<GuardrailTrace> guardrail) {
    public ConverseResult {
        Objects.requireNonNull(modelId);
        Objects.requireNonNull(message);
        Objects.requireNonNull(stopReason);
        Objects.requireNonNull(usage);
        Objects.requireNonNull(cost);
        Objects.requireNonNull(guardrail);
    }

    /** The text of the answer. */
    public String text() {
        return message.text();
    }

    /** The tool calls the model requested. */
    public List<ContentBlock.ToolCall> toolCalls() {
        return message.toolCalls();
    }

    /** Whether a guardrail replaced the answer. */
    public boolean guardrailIntervened() {
        return stopReason == StopReason.GUARDRAIL_INTERVENED || guardrail.map(GuardrailTrace::intervened).orElse(false);
    }

    @Override
    public String toString() {
        return "ConverseResult[model=" + modelId + ", stop=" + stopReason + ", chars=" + text().length() + ", toolCalls="
                + toolCalls().size() + ", usage=" + usage + ", cost=" + cost.map(BigDecimal::toPlainString).orElse("n/a") + "]";
    }
}
