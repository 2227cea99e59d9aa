package dev.trae.aws.bedrock.model;

import java.util.Objects;

/**
 * What UI to generate: a description, an optional style, and whether to also make a design image.
 *
 * @param description what the screen is for and what it shows
 * @param style       visual style hints (may be empty)
 * @param withImage   whether to generate a design image with an ACTIVE image model from the catalog
 * @param imageWidth  image width in pixels (multiple of 16, 320..4096)
 * @param imageHeight image height in pixels (multiple of 16, 320..4096)
 * @param app         the application the cost is booked to
 */
public record UiRequest(String description, String style, boolean withImage, int imageWidth, int imageHeight, String app) {
    public UiRequest {
        Objects.requireNonNull(description, "description");
        style = style == null ? "" : style;
        app = app == null ? "default" : app;
    }

    /** A request without a design image. */
    public static UiRequest of(String description) {
        return new UiRequest(description, "", false, 1280, 720, "default");
    }

    /** The same request with a design image of 1280x720. */
    public UiRequest withDesignImage() {
        return new UiRequest(description, style, true, imageWidth, imageHeight, app);
    }

    public UiRequest withStyle(String s) {
        return new UiRequest(description, s, withImage, imageWidth, imageHeight, app);
    }
}
