package dev.trae.aws.vision;

import java.util.Set;

/**
 * What a service accepts: the largest payload in bytes, the smallest and largest side in pixels, and the
 * formats it takes as is. {@link #REKOGNITION} (5 MB, at least 80 px, PNG/JPEG) and
 * {@link #TEXTRACT_SYNC} (10 MB, at most 10000 px, PNG/JPEG/PDF/TIFF, one page).
 */
public record ImageLimits(String service, long maxBytes, int minSide, int maxSide, Set<ImageFormat> accepted) {
    public static final ImageLimits REKOGNITION = new ImageLimits("rekognition", 5L * 1024 * 1024, 80, 16_000,
            Set.of(ImageFormat.PNG, ImageFormat.JPEG));
    public static final ImageLimits TEXTRACT_SYNC = new ImageLimits("textract", 10L * 1024 * 1024, 50, 10_000,
            Set.of(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.PDF, ImageFormat.TIFF));

    public ImageLimits {
        accepted = Set.copyOf(accepted);
    }
}
