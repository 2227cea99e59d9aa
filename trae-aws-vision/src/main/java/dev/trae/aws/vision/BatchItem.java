package dev.trae.aws.vision;

import java.util.Optional;

import dev.trae.aws.core.TraeException;
import dev.trae.aws.vision.model.Detection;

/**
 * The outcome of one input of a batch: its position and name, and either its detection or the error that
 * stopped it (validation, service error after retries). Exactly one of the two is present.
 *
 * @param <T> the detection value type
 */
public record BatchItem<T>(int index, String name, Optional<Detection<T>> detection, Optional<TraeException> error) {

    public boolean succeeded() {
        return detection.isPresent();
    }
}
