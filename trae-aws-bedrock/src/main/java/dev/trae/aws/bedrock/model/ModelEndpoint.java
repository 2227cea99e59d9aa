package dev.trae.aws.bedrock.model;

import java.util.Objects;

/**
 * A custom model made invocable: an on-demand custom model deployment or a Provisioned Throughput. Use
 * {@link #modelId()} (the deployment or provisioned-model ARN) as the model id of {@code converse},
 * {@code converseStream} and {@code invokeModel}. Immutable.
 *
 * @param kind     how the model is hosted
 * @param arn      the deployment ARN or the provisioned-model ARN
 * @param name     the deployment or Provisioned Throughput name
 * @param modelArn the custom (or foundation) model it serves
 */
public record ModelEndpoint(Kind kind, String arn, String name, String modelArn) {
    /** How a custom model is hosted. */
    public enum Kind {
        /** {@code CreateCustomModelDeployment}: on-demand, billed per token. */
        ON_DEMAND_DEPLOYMENT,
        /** {@code CreateProvisionedModelThroughput}: dedicated model units, billed per hour. */
        PROVISIONED_THROUGHPUT
    }

    public ModelEndpoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(modelArn, "modelArn");
    }

    /** The id to invoke: the deployment or provisioned-model ARN. */
    public String modelId() {
        return arn;
    }
}
