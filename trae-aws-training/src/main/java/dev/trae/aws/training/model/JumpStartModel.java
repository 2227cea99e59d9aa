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
 */
public record JumpStartModel(String modelId, String version, String trainingImage, Optional<String> trainingArtifactUri,
                             Optional<String> trainingScriptUri, Optional<String> defaultInstanceType,
                             List<String> supportedInstanceTypes, Map<String, String> defaultHyperparameters) {

    public JumpStartModel {
        supportedInstanceTypes = List.copyOf(supportedInstanceTypes);
        defaultHyperparameters = Map.copyOf(defaultHyperparameters);
    }
}
