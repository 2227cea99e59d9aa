package dev.trae.aws.bedrock.model;

/** Who wrote a {@link Message}. */
public enum Role {
    USER, ASSISTANT
}
