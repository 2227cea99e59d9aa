package dev.trae.aws.vision;

import java.util.List;

/**
 * An image ready to send: its bytes and format, its size, the original format and size, and what was
 * changed ("converted GIF to PNG", "applied EXIF orientation 6 (rotate 90)", "downscaled 6000x4000 to
 * 3000x2000", "recompressed JPEG at quality 0.80"). Empty {@code changes} means the input was sent as is.
 * {@code width}/{@code height} are 0 for PDF.
 */
public record NormalizedImage(byte[] bytes, ImageFormat format, int width, int height, ImageFormat originalFormat,
                              long originalBytes, List<String> changes) {
    public NormalizedImage {
        changes = List.copyOf(changes);
    }

    public boolean changed() {
        return !changes.isEmpty();
    }

    @Override
    public String toString() {
        return "NormalizedImage[" + format + " " + width + "x" + height + ", " + bytes.length + " bytes, changes=" + changes + "]";
    }
}
