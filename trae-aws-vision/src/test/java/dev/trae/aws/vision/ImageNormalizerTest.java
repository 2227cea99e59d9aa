package dev.trae.aws.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;

import javax.imageio.ImageIO;

import dev.trae.aws.core.TraeValidationException;
import org.junit.jupiter.api.Test;

class ImageNormalizerTest {

    @Test
    void detect_whenMagicBytes_ignoresNamesAndFindsFormat() {
        assertThat(ImageFormat.detect(TestImages.marked(100, 100, "png"))).isEqualTo(ImageFormat.PNG);
        assertThat(ImageFormat.detect(TestImages.marked(100, 100, "jpg"))).isEqualTo(ImageFormat.JPEG);
        assertThat(ImageFormat.detect(TestImages.marked(100, 100, "gif"))).isEqualTo(ImageFormat.GIF);
        assertThat(ImageFormat.detect(TestImages.marked(100, 100, "bmp"))).isEqualTo(ImageFormat.BMP);
        assertThat(ImageFormat.detect(TestImages.marked(100, 100, "tiff"))).isEqualTo(ImageFormat.TIFF);
        assertThat(ImageFormat.detect(TestImages.pdf(1, 0))).isEqualTo(ImageFormat.PDF);
        assertThat(ImageFormat.detect("RIFF\0\0\0\0WEBPVP8 ".getBytes())).isEqualTo(ImageFormat.WEBP);
        assertThat(ImageFormat.detect("\0\0\0\u0018ftypheic\0\0".getBytes())).isEqualTo(ImageFormat.HEIC);
        assertThat(ImageFormat.detect("hello world".getBytes())).isEqualTo(ImageFormat.UNKNOWN);
    }

    @Test
    void normalize_whenValidPng_returnsInputUnchanged() {
        byte[] png = TestImages.marked(200, 100, "png");
        NormalizedImage n = ImageNormalizer.normalize(png, ImageLimits.REKOGNITION);
        assertThat(n.changed()).isFalse();
        assertThat(n.bytes()).isSameAs(png);
        assertThat(n.width()).isEqualTo(200);
        assertThat(n.height()).isEqualTo(100);
    }

    @Test
    void normalize_whenExifOrientation6_rotatesClockwiseAndReports() throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.marked(200, 100, "jpg"), 6);
        NormalizedImage n = ImageNormalizer.normalize(jpeg, ImageLimits.REKOGNITION);
        assertThat(n.changes()).anyMatch(c -> c.contains("EXIF orientation 6"));
        assertThat(n.width()).isEqualTo(100);
        assertThat(n.height()).isEqualTo(200);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(n.bytes()));
        // the red top-left quadrant of the 200x100 source is the top-right after a clockwise turn
        Color topRight = new Color(img.getRGB(80, 20));
        Color topLeft = new Color(img.getRGB(20, 20));
        assertThat(topRight.getRed()).isGreaterThan(180);
        assertThat(topLeft.getBlue()).isGreaterThan(180);
        // orientation is applied once: the output carries no EXIF orientation any more
        assertThat(dev.trae.aws.vision.internal.Exif.orientation(n.bytes())).isEqualTo(1);
    }

    @Test
    void normalize_whenGifOrBmp_convertsToPng() {
        for (String f : new String[] {"gif", "bmp"}) {
            NormalizedImage n = ImageNormalizer.normalize(TestImages.marked(120, 90, f), ImageLimits.REKOGNITION);
            assertThat(n.format()).isEqualTo(ImageFormat.PNG);
            assertThat(ImageFormat.detect(n.bytes())).isEqualTo(ImageFormat.PNG);
            assertThat(n.changes()).anyMatch(c -> c.startsWith("converted " + f.toUpperCase()));
        }
    }

    @Test
    void normalize_whenTiffForTextract_keepsItButConvertsForRekognition() {
        byte[] tiff = TestImages.marked(120, 90, "tiff");
        assertThat(ImageNormalizer.normalize(tiff, ImageLimits.TEXTRACT_SYNC).changed()).isFalse();
        assertThat(ImageNormalizer.normalize(tiff, ImageLimits.REKOGNITION).format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void normalize_whenOverLimitButShrinkable_recompressesUnderLimit() {
        byte[] big = TestImages.noisePng(1500, 1300, 7);
        assertThat(big.length).isGreaterThan(5 * 1024 * 1024);
        NormalizedImage n = ImageNormalizer.normalize(big, ImageLimits.REKOGNITION);
        assertThat(n.bytes().length).isLessThanOrEqualTo(5 * 1024 * 1024);
        assertThat(n.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(n.changes()).anyMatch(c -> c.contains("recompressed as JPEG"));
        assertThat(n.originalBytes()).isEqualTo(big.length);
    }

    @Test
    void normalize_whenOversizedPdf_refusesBecausePdfCannotShrink() {
        byte[] pdf = TestImages.pdf(1, 11 * 1024 * 1024);
        assertThatThrownBy(() -> ImageNormalizer.normalize(pdf, ImageLimits.TEXTRACT_SYNC))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("cannot be shrunk").hasMessageContaining("startDocumentAnalysis");
    }

    @Test
    void normalize_whenLimitUnreachable_refusesInsteadOfGoingBelowMinimumSide() {
        byte[] noise = TestImages.noisePng(400, 400, 3);
        ImageLimits tight = new ImageLimits("rekognition", 2_000, 80, 16_000, ImageLimits.REKOGNITION.accepted());
        assertThatThrownBy(() -> ImageNormalizer.normalize(noise, tight))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("cannot be made smaller");
    }

    @Test
    void normalize_whenSideOverMaximum_downscales() {
        byte[] wide = TestImages.marked(12_000, 100, "png");
        NormalizedImage n = ImageNormalizer.normalize(wide, ImageLimits.TEXTRACT_SYNC);
        assertThat(n.width()).isEqualTo(10_000);
        assertThat(n.changes()).anyMatch(c -> c.startsWith("downscaled 12000x100"));
    }

    @Test
    void normalize_whenBadInput_refusesWithClearMessage() {
        assertThatThrownBy(() -> ImageNormalizer.normalize(new byte[0], ImageLimits.REKOGNITION)).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageNormalizer.normalize(TestImages.marked(60, 300, "png"), ImageLimits.REKOGNITION))
                .hasMessageContaining("60x300").hasMessageContaining("at least 80 px");
        byte[] png = TestImages.marked(200, 200, "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 3);
        truncated[truncated.length - 1] ^= 0x55;
        assertThatThrownBy(() -> ImageNormalizer.normalize(truncated, ImageLimits.REKOGNITION))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> ImageNormalizer.normalize("RIFF\0\0\0\0WEBPVP8 xxxxxxxx".getBytes(), ImageLimits.REKOGNITION))
                .hasMessageContaining("WEBP").hasMessageContaining("convert it to PNG or JPEG");
        assertThatThrownBy(() -> ImageNormalizer.normalize("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(), ImageLimits.REKOGNITION))
                .hasMessageContaining("not a recognised image format");
        assertThatThrownBy(() -> ImageNormalizer.normalize(TestImages.pdf(1, 0), ImageLimits.REKOGNITION))
                .hasMessageContaining("PDF");
    }

    @Test
    void normalize_whenDecompressionBomb_refusesBeforeDecoding() {
        assertThatThrownBy(() -> ImageNormalizer.normalize(TestImages.pngHeader(50_000, 50_000), ImageLimits.REKOGNITION))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("decoding limit");
    }

    @Test
    void normalize_whenMultiPagePdfForSync_refuses() {
        assertThat(ImageNormalizer.normalize(TestImages.pdf(1, 0), ImageLimits.TEXTRACT_SYNC).format()).isEqualTo(ImageFormat.PDF);
        assertThatThrownBy(() -> ImageNormalizer.normalize(TestImages.pdf(3, 0), ImageLimits.TEXTRACT_SYNC))
                .hasMessageContaining("3 pages").hasMessageContaining("startDocumentAnalysis");
    }

    /**
     * A PDF 1.5+ keeps its page dictionaries in compressed object streams, where no "/Type /Page" appears in
     * the bytes; Textract's synchronous API takes one page only
     * (https://docs.aws.amazon.com/textract/latest/dg/limits-document.html).
     */
    @Test
    void normalize_whenPagesInCompressedObjectStreams_countsThemAndRefuses() throws Exception {
        byte[] pdf = TestImages.compressedPdf(2);
        assertThat(new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("/Type /Page").contains("/ObjStm");
        assertThatThrownBy(() -> ImageNormalizer.normalize(pdf, ImageLimits.TEXTRACT_SYNC))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("2 pages");
        assertThat(ImageNormalizer.normalize(TestImages.compressedPdf(1), ImageLimits.TEXTRACT_SYNC).format()).isEqualTo(ImageFormat.PDF);
    }

    @Test
    void normalize_whenPdfIsNotReadable_refuses() {
        byte[] broken = "%PDF-1.7\n garbage without any objects".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ImageNormalizer.normalize(broken, ImageLimits.TEXTRACT_SYNC))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("PDF");
    }
}
