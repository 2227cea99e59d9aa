package dev.trae.aws.bedrock.model;

import java.util.List;
import java.util.Objects;

/**
 * A foundation model of the Bedrock catalog in the configured region.
 *
 * @param modelId          the base model id such as {@code amazon.nova-lite-v1:0}
 * @param name             the display name
 * @param provider         the provider name
 * @param inputModalities  TEXT, IMAGE, VIDEO, ...
 * @param outputModalities TEXT, IMAGE, EMBEDDING, ...
 * @param inferenceTypes   ON_DEMAND, INFERENCE_PROFILE, PROVISIONED
 * @param customizations   FINE_TUNING, CONTINUED_PRE_TRAINING, DISTILLATION
 * @param lifecycle        ACTIVE, LEGACY, or EOL
 * @param capabilities     the capability map
 */
public record FoundationModel(String modelId, String name, String provider, List<String> inputModalities,
                              List<String> outputModalities, List<String> inferenceTypes, List<String> customizations,
                              ModelLifecycle lifecycle, ModelCapabilities capabilities) {
    public FoundationModel {
        Objects.requireNonNull(modelId);
        inputModalities = List.copyOf(inputModalities);
        outputModalities = List.copyOf(outputModalities);
        inferenceTypes = List.copyOf(inferenceTypes);
        customizations = List.copyOf(customizations);
        Objects.requireNonNull(lifecycle);
        Objects.requireNonNull(capabilities);
    }

    /** Whether the model can be invoked by its base id (on-demand throughput). */
    public boolean onDemand() {
        return inferenceTypes.contains("ON_DEMAND");
    }

    public boolean generatesImages() {
        return outputModalities.contains("IMAGE");
    }

    public boolean generatesText() {
        return outputModalities.contains("TEXT");
    }
}
