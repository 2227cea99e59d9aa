package dev.trae.aws.vision.model;

/** A label seen in a video at {@code timestampMillis} from its start. */
public record VideoLabel(long timestampMillis, Label label) {
}
