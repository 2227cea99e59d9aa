package dev.trae.aws.bedrock.model;

/**
 * Where a model is in its life: {@link #ACTIVE}; {@link #LEGACY} (still callable, scheduled for
 * retirement: Trae warns); {@link #EOL} (retired: Trae refuses before any call and names the replacement).
 */
public enum ModelLifecycle {
    ACTIVE, LEGACY, EOL
}
