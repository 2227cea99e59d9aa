package dev.trae.aws.vision.model;

/**
 * A detected face. Age range, smile and emotion are filled when all attributes were requested; otherwise
 * the ages are 0, {@code smiling} false and {@code dominantEmotion} empty.
 */
public record Face(BoundingBox box, double confidence, int ageLow, int ageHigh, boolean smiling, String dominantEmotion) {
}
