package dev.trae.aws.bedrock.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A generated UI: HTML and CSS as separate files, the component list, a description, and optionally a
 * design image.
 *
 * @param html        the {@code index.html} file
 * @param css         the {@code styles.css} file
 * @param components  the UI components used
 * @param description a description of the design
 * @param image       the design image, when one was asked for and an ACTIVE image model was available
 * @param notes       why there is no image, and other warnings (empty when none)
 * @param usage       tokens of the text model
 * @param modelId     the text model used
 */
public record UiDesign(CodeFile html, CodeFile css, List<String> components, String description, Optional<DesignImage> image,
                       List<String> notes, TokenUsage usage, String modelId) {
    public UiDesign {
        Objects.requireNonNull(html);
        Objects.requireNonNull(css);
        components = List.copyOf(components);
        notes = List.copyOf(notes);
    }

    /** Both files. */
    public List<CodeFile> files() {
        return List.of(html, css);
    }

    /**
     * A design image.
     *
     * @param png     PNG bytes
     * @param modelId the image model that made it
     */
    public record DesignImage(byte[] png, String modelId) {
        public DesignImage {
            png = png.clone();
        }

        @Override
        public byte[] png() {
            return png.clone();
        }

        @Override
        public String toString() {
            return "DesignImage[" + modelId + ", " + png.length + " bytes]";
        }
    }
}
