package dev.trae.aws.bedrock.model;

import java.util.List;
import java.util.Objects;

/**
 * A model id resolved for the configured region.
 *
 * @param requested    what the caller asked for
 * @param invocationId what to send to bedrock-runtime (a base id, an inference profile id, or an ARN)
 * @param baseModelId  the foundation model behind it
 * @param lifecycle    its lifecycle status
 * @param capabilities its capability map
 * @param warnings     warnings to show the caller, such as a LEGACY notice
 */
public record ResolvedModel(String requested, String invocationId, String baseModelId, ModelLifecycle lifecycle,
                            ModelCapabilities capabilities, List<String> warnings) {
    public ResolvedModel {
        Objects.requireNonNull(invocationId);
        Objects.requireNonNull(baseModelId);
        warnings = List.copyOf(warnings);
    }
}
