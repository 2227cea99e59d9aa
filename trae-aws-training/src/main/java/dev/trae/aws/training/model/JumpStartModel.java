package dev.trae.aws.training.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JumpStart model resolved from the {@code SageMakerPublicHub} hub content document: what a training
 * job needs to fine-tune it. Immutable.
 *
 * @param modelId                 the JumpStart model id
 * @param version                 the hub content version
 * @param trainingImage           the training container image (ECR)
 * @param trainingArtifactUri     the base model artifacts in S3 (mounted as the {@code model} channel), if any
 * @param trainingScriptUri       the training script tarball in S3, if any
 * @param defaultInstanceType     the model's default training instance type, if given
 * @param supportedInstanceTypes  training instance types the model supports (empty: not stated)
 * @param defaultHyperparameters  hyperparameter defaults from the document
 * @param trainingMetrics         the training spec's metric definitions ({@code TrainingMetrics}: name to regex)
 * @param gated                   whether the artifacts sit in a gated bucket ({@code GatedBucket}): training needs the
 *                                EULA accepted ({@code ModelAccessConfig.AcceptEula})
 * @param eulaUri                 where the license can be read ({@code HostingEulaUri}), if given
 */
public record JumpStartModel(String modelId, String version, String trainingImage, Optional<String> trainingArtifactUri,
                             Optional<String> trainingScriptUri, Optional<String> defaultInstanceType,
                             List<String> supportedInstanceTypes, Map<String, String> defaultHyperparameters,
                             Map<String, String> trainingMetrics, boolean gated, Optional<String> eulaUri) {

    public JumpStartModel {
        supportedInstanceTypes = List.copyOf(supportedInstanceTypes);
        defaultHyperparameters = Map.copyOf(defaultHyperparameters);
        trainingMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(trainingMetrics));
    }
}
