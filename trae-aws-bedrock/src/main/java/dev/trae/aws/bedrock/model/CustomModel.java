package dev.trae.aws.bedrock.model;

import java.util.Optional;

/**
 * A model made by a customization job. Use {@link #modelArn()} as the model id of converse calls once it
 * has provisioned throughput or an on-demand deployment (see the module README).
 *
 * @param modelArn     the custom model ARN
 * @param modelName    its name
 * @param baseModelId  the model it was trained from
 * @param jobArn       the customization job
 * @param trainingLoss the last reported training loss
 */
public record CustomModel(String modelArn, String modelName, String baseModelId, String jobArn, Optional<Double> trainingLoss) {
}
