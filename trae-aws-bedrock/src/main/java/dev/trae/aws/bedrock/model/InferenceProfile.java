package dev.trae.aws.bedrock.model;

import java.util.List;

/**
 * A cross-region inference profile such as {@code us.amazon.nova-lite-v1:0}.
 *
 * @param id       the profile id, usable as a model id
 * @param name     the display name
 * @param arn      the profile ARN
 * @param modelIds the base model ids it routes to
 * @param type     SYSTEM_DEFINED or APPLICATION
 * @param active   whether its status is ACTIVE
 */
public record InferenceProfile(String id, String name, String arn, List<String> modelIds, String type, boolean active) {
    public InferenceProfile {
        modelIds = List.copyOf(modelIds);
    }
}
