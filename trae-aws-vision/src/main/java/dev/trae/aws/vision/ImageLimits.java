package dev.trae.aws.vision;

import java.util.Set;

/**
 * What a service accepts: the largest payload of image bytes, the largest S3 object it reads itself, the
 * smallest and largest side in pixels, and the formats it takes as is.
 *
 * <ul>
 *   <li>{@link #REKOGNITION}: image bytes up to 5 MB, S3 objects up to 15 MB, at least 80 px, PNG/JPEG
 *       (https://docs.aws.amazon.com/rekognition/latest/dg/limits.html).</li>
 *   <li>{@link #TEXTRACT_SYNC}: 10 MB in memory for bytes and S3 objects alike, at most 10000 px,
 *       PNG/JPEG/PDF/TIFF, one page (https://docs.aws.amazon.com/textract/latest/dg/limits-document.html).</li>
 * </ul>
 */
public record ImageLimits(String service, long maxBytes, long maxS3Bytes, int minSide, int maxSide, Set<ImageFormat> accepted) {
    public static final ImageLimits REKOGNITION = new ImageLimits("rekognition", 5L * 1024 * 1024, 15L * 1024 * 1024, 80, 16_000,
            Set.of(ImageFormat.PNG, ImageFormat.JPEG));
    public static final ImageLimits TEXTRACT_SYNC = new ImageLimits("textract", 10L * 1024 * 1024, 10L * 1024 * 1024, 50, 10_000,
            Set.of(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.PDF, ImageFormat.TIFF));

    public ImageLimits {
        accepted = Set.copyOf(accepted);
    }

    /** Limits whose S3 object limit equals the byte limit. */
    public ImageLimits(String service, long maxBytes, int minSide, int maxSide, Set<ImageFormat> accepted) {
        this(service, maxBytes, maxBytes, minSide, maxSide, accepted);
    }
}
