package dev.trae.aws.bedrock.model;

import java.util.List;

/**
 * The answer of ApplyGuardrail on its own.
 *
 * @param intervened   whether the guardrail blocked or masked the content
 * @param actionReason the service's reason, empty when none
 * @param outputs      the replacement texts when it intervened (blocked message or masked text)
 * @param assessments  what each policy found
 */
public record GuardrailResult(boolean intervened, String actionReason, List<String> outputs, List<GuardrailAssessment> assessments) {
    public GuardrailResult {
        actionReason = actionReason == null ? "" : actionReason;
        outputs = List.copyOf(outputs);
        assessments = List.copyOf(assessments);
    }

    @Override
    public String toString() {
        return "GuardrailResult[intervened=" + intervened + ", reason=" + actionReason + ", outputs=" + outputs.size()
                + ", assessments=" + assessments + "]";
    }
}
