package dev.trae.aws.vision.model;

import java.util.Optional;

/** The answer to a Textract query; {@code answer} is empty when the document did not answer it. */
public record QueryAnswer(int page, String question, String alias, String answer, double confidence, Geometry geometry) {

    /** The answer text, or empty when there is none. */
    public Optional<String> text() {
        return answer.isEmpty() ? Optional.empty() : Optional.of(answer);
    }
}
