package dev.trae.aws.bedrock.model;

import java.util.List;

/**
 * The guardrail's view of one converse or stream call: assessments of the input and of the output.
 *
 * @param intervened whether the guardrail replaced the answer (stop reason {@code guardrail_intervened})
 * @param input      assessments of the prompt
 * @param output     assessments of the model's answer
 */
public record GuardrailTrace(boolean intervened, List<GuardrailAssessment> input, List<GuardrailAssessment> output) {
    public GuardrailTrace {
        input = List.copyOf(input);
        output = List.copyOf(output);
    }
}
