package dev.trae.aws.training.model;

import java.time.Instant;
import java.util.Optional;

/**
 * One SageMaker secondary status transition ({@code Starting}, {@code Downloading}, {@code Training},
 * {@code Uploading}, {@code Completed}, ...). Immutable.
 */
public record StatusTransition(String status, Instant start, Optional<Instant> end, String message) {
}
