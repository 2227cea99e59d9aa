package dev.trae.aws.vision;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.vision.internal.Exif;

/**
 * Makes an image acceptable to a service before it is sent, with the JDK only:
 * <ol>
 *   <li>detects the real format from magic bytes (never from a file name);</li>
 *   <li>decodes it (refusing corrupt data and images over {@link #MAX_PIXELS} pixels, a decompression-bomb guard);</li>
 *   <li>applies the JPEG EXIF orientation (read from the APP1 segment), since the services ignore it;</li>
 *   <li>converts GIF, BMP and (for Rekognition) TIFF to PNG;</li>
 *   <li>downscales sides over the service maximum, then recompresses (JPEG quality steps, then
 *       downscaling) until the bytes fit;</li>
 *   <li>refuses what cannot be made valid (empty, corrupt, WEBP/HEIC, too small, multi-page PDF for a
 *       sync call, an oversized PDF) with a {@link TraeValidationException} that says what to do.</li>
 * </ol>
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * NormalizedImage img = ImageNormalizer.normalize(bytes, ImageLimits.REKOGNITION);
 * img.changes().forEach(System.out::println);
 * }</pre>
 */
public final class ImageNormalizer {
    /** Largest decoded image, in pixels (a guard against decompression bombs). */
    public static final long MAX_PIXELS = 100_000_000L;
    private static final float[] QUALITIES = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f};

    private ImageNormalizer() {
    }

    /** Normalises {@code input} for {@code limits}; throws {@link TraeValidationException} when it cannot. */
    public static NormalizedImage normalize(byte[] input, ImageLimits limits) {
        if (input == null || input.length == 0) {
            throw new TraeValidationException("image", "is empty (0 bytes); send a PNG or JPEG image");
        }
        ImageFormat fmt = ImageFormat.detect(input);
        String svc = limits.service();
        switch (fmt) {
            case UNKNOWN -> throw new TraeValidationException("image", "is not a recognised image format (the first bytes match no PNG, JPEG, GIF, BMP, TIFF"
                    + (limits.accepted().contains(ImageFormat.PDF) ? " or PDF" : "") + " signature); send a PNG or JPEG image");
            case WEBP, HEIC -> throw new TraeValidationException("image", fmt + " cannot be decoded by the JDK and " + svc
                    + " does not accept it; convert it to PNG or JPEG first");
            case PDF -> {
                return pdf(input, limits);
            }
            default -> {
            }
        }
        List<String> changes = new ArrayList<>();
        BufferedImage img = decode(input, fmt, limits);
        int ow = img.getWidth();
        int oh = img.getHeight();
        int orientation = fmt == ImageFormat.JPEG ? Exif.orientation(input) : 1;
        if (Math.min(ow, oh) < limits.minSide()) {
            throw new TraeValidationException("image", "is " + ow + "x" + oh + " px; " + svc + " needs at least " + limits.minSide()
                    + " px on each side, and upscaling adds no detail: send a larger image");
        }
        boolean convert = !limits.accepted().contains(fmt);
        boolean tooBig = input.length > limits.maxBytes();
        boolean tooWide = Math.max(ow, oh) > limits.maxSide();
        if (!convert && !tooBig && !tooWide && orientation == 1) {
            return new NormalizedImage(input, fmt, ow, oh, fmt, input.length, List.of());
        }
        if (orientation > 1) {
            img = Exif.apply(img, orientation);
            changes.add("applied EXIF orientation " + orientation + " (" + Exif.describe(orientation) + ")");
        }
        if (tooWide) {
            double s = (double) limits.maxSide() / Math.max(img.getWidth(), img.getHeight());
            int nw = (int) Math.floor(img.getWidth() * s);
            int nh = (int) Math.floor(img.getHeight() * s);
            changes.add("downscaled " + img.getWidth() + "x" + img.getHeight() + " to " + nw + "x" + nh + " (largest side " + limits.maxSide() + " px)");
            img = scale(img, nw, nh);
        }
        ImageFormat target = fmt == ImageFormat.JPEG ? ImageFormat.JPEG : ImageFormat.PNG;
        byte[] out = target == ImageFormat.PNG ? png(img) : jpeg(img, 0.92f);
        if (convert) {
            changes.add("converted " + fmt + " to " + target);
        } else if (orientation > 1 || tooWide) {
            changes.add("re-encoded as " + target);
        }
        if (out.length > limits.maxBytes()) {
            long before = out.length;
            byte[] best = null;
            float quality = 0;
            for (float q : QUALITIES) {
                byte[] j = jpeg(img, q);
                if (j.length <= limits.maxBytes()) {
                    best = j;
                    quality = q;
                    break;
                }
            }
            BufferedImage cur = img;
            while (best == null) {
                int nw = (int) (cur.getWidth() * 0.75);
                int nh = (int) (cur.getHeight() * 0.75);
                if (Math.min(nw, nh) < limits.minSide()) {
                    throw new TraeValidationException("image", "cannot be made smaller than " + limits.maxBytes() + " bytes for " + svc
                            + " without going below " + limits.minSide() + " px per side (" + ow + "x" + oh + ", " + input.length
                            + " bytes); crop it or upload it to S3 and use an S3 source");
                }
                changes.add("downscaled " + cur.getWidth() + "x" + cur.getHeight() + " to " + nw + "x" + nh + " to fit " + limits.maxBytes() + " bytes");
                cur = scale(cur, nw, nh);
                byte[] j = jpeg(cur, 0.8f);
                if (j.length <= limits.maxBytes()) {
                    best = j;
                    quality = 0.8f;
                }
            }
            img = cur;
            out = best;
            changes.add(String.format(Locale.ROOT, "recompressed as JPEG at quality %.2f (%d -> %d bytes, limit %d)", quality, before, out.length, limits.maxBytes()));
            target = ImageFormat.JPEG;
        }
        return new NormalizedImage(out, target, img.getWidth(), img.getHeight(), fmt, input.length, changes);
    }

    private static NormalizedImage pdf(byte[] input, ImageLimits limits) {
        if (!limits.accepted().contains(ImageFormat.PDF)) {
            throw new TraeValidationException("image", "is a PDF; " + limits.service() + " takes images only (PNG or JPEG)");
        }
        if (input.length > limits.maxBytes()) {
            throw new TraeValidationException("document", "PDF of " + input.length + " bytes is over the " + limits.maxBytes()
                    + "-byte limit of the synchronous API and a PDF cannot be shrunk here; upload it to S3 and use startDocumentAnalysis");
        }
        int pages = pdfPages(input);
        if (pages > 1) {
            throw new TraeValidationException("document", "PDF has " + pages + " pages; the synchronous API takes one page: upload it to S3 and use startDocumentAnalysis");
        }
        return new NormalizedImage(input, ImageFormat.PDF, 0, 0, ImageFormat.PDF, input.length, List.of());
    }

    /**
     * The page count of a PDF, read with PDFBox from the page tree, so pages kept in compressed object streams
     * (PDF 1.5+) and incremental updates count. A PDF that cannot be read (corrupt, or password protected, which
     * Textract does not take: https://docs.aws.amazon.com/textract/latest/dg/limits-document.html) is refused.
     */
    static int pdfPages(byte[] pdf) {
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return doc.getNumberOfPages();
        } catch (org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException e) {
            throw new TraeValidationException("document", "PDF is password protected; Textract takes unprotected PDFs only");
        } catch (java.io.IOException | RuntimeException e) {
            throw new TraeValidationException("document", "PDF could not be read (" + e.getClass().getSimpleName()
                    + "); Textract would refuse it: check the file");
        }
    }

    private static BufferedImage decode(byte[] input, ImageFormat fmt, ImageLimits limits) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(input))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new TraeValidationException("image", fmt + " data has no decoder in this JVM; convert it to PNG or JPEG");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                if (fmt == ImageFormat.TIFF && limits.accepted().contains(ImageFormat.TIFF) && reader.getNumImages(true) > 1) {
                    throw new TraeValidationException("document", "TIFF has " + reader.getNumImages(true)
                            + " pages; the synchronous API takes one page: upload it to S3 and use startDocumentAnalysis");
                }
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new TraeValidationException("image", "is " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " px, over the " + MAX_PIXELS + "-pixel decoding limit; downscale it first");
                }
                BufferedImage img = reader.read(0);
                if (img == null) {
                    throw new TraeValidationException("image", "corrupt " + fmt + " data: nothing could be decoded");
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TraeValidationException v) {
                throw v;
            }
            throw new TraeValidationException("image", "corrupt or truncated " + fmt + " data (" + input.length + " bytes): "
                    + e.getClass().getSimpleName() + "; re-export the image", e);
        }
    }

    private static BufferedImage scale(BufferedImage src, int w, int h) {
        BufferedImage dst = new BufferedImage(Math.max(1, w), Math.max(1, h), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, dst.getWidth(), dst.getHeight());
        g.drawImage(src, 0, 0, dst.getWidth(), dst.getHeight(), null);
        g.dispose();
        return dst;
    }

    static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
    }

    static byte[] jpeg(BufferedImage src, float quality) {
        BufferedImage img = src;
        if (src.getType() != BufferedImage.TYPE_INT_RGB && src.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            img = scale(src, src.getWidth(), src.getHeight());
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), p);
            ios.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
    }
}
