package dev.trae.ocr.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.w3c.dom.Node;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.ocr.model.PixelBox;
import dev.trae.ocr.model.OcrWord;

/**
 * Recognises the input format by its leading bytes and opens it as a sequence of pages that are decoded
 * one at a time (bounded memory). Supported: PNG, JPEG, TIFF (multi-page), BMP, PDF.
 */
public final class InputDecoder {
    /** Images with more pixels are decoded subsampled to at most this many (about 20 MP). */
    static final long DECODE_PIXELS = 20_000_000L;

    /** Input formats. */
    public enum Format { PNG, JPEG, TIFF, BMP, PDF }

    /** One page: an image to recognise, or words from a PDF text layer. */
    public static final class PageContent {
        public final BufferedImage image;
        public final int dpi;
        public final List<List<OcrWord>> textLines;
        public final int width;
        public final int height;

        /** What decoding did to the image (EXIF turn, subsampling), for the preprocess report. */
        public final List<String> notes;

        PageContent(BufferedImage image, int dpi) {
            this(image, dpi, List.of());
        }

        PageContent(BufferedImage image, int dpi, List<String> notes) {
            this.image = image;
            this.dpi = dpi;
            this.textLines = null;
            this.width = image.getWidth();
            this.height = image.getHeight();
            this.notes = List.copyOf(notes);
        }

        PageContent(List<List<OcrWord>> textLines, int width, int height, int dpi) {
            this.notes = List.of();
            this.image = null;
            this.dpi = dpi;
            this.textLines = textLines;
            this.width = width;
            this.height = height;
        }

        public boolean isTextLayer() {
            return textLines != null;
        }
    }

    /** An opened input: its pages, decoded on demand. Page access is synchronised. */
    public interface Source extends AutoCloseable {
        Format format();

        int pageCount();

        PageContent page(int index);

        @Override
        void close();
    }

    private InputDecoder() {
    }

    /** The format from the leading bytes. */
    public static Format sniff(byte[] data, String name) {
        if (data == null || data.length == 0) {
            throw new TraeValidationException("input", "'" + Tessdata.abbreviate(name) + "' is empty (0 bytes)");
        }
        if (startsWith(data, 0x89, 'P', 'N', 'G')) {
            return Format.PNG;
        }
        if (startsWith(data, 0xFF, 0xD8, 0xFF)) {
            return Format.JPEG;
        }
        if (startsWith(data, 'I', 'I', 42, 0) || startsWith(data, 'M', 'M', 0, 42)) {
            return Format.TIFF;
        }
        if (startsWith(data, 'B', 'M') && data.length > 26) {
            return Format.BMP;
        }
        String head = new String(data, 0, Math.min(data.length, 1024), StandardCharsets.ISO_8859_1);
        if (head.contains("%PDF-")) {
            return Format.PDF;
        }
        throw new TraeValidationException("input", "'" + Tessdata.abbreviate(name) + "' is not a supported format "
                + "(PNG, JPEG, TIFF, BMP or PDF, recognised by content, not by file name)");
    }

    private static boolean startsWith(byte[] d, int... sig) {
        if (d.length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((d[i] & 0xff) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Opens the input. Images larger than {@code maxPixels} are refused before they are decoded; PDF pages
     * are rendered at {@code pdfDpi} (lowered for huge pages so they stay under {@code maxPixels}).
     */
    public static Source open(byte[] data, String name, long maxPixels, int pdfDpi, boolean useTextLayer) {
        Format f = sniff(data, name);
        if (f == Format.PDF) {
            return new PdfSource(data, name, maxPixels, pdfDpi, useTextLayer);
        }
        return new ImageSource(data, name, f, maxPixels);
    }

    /** A single in-memory image as a source. */
    public static Source of(BufferedImage image, String name, long maxPixels) {
        if ((long) image.getWidth() * image.getHeight() > maxPixels) {
            throw tooLarge(name, image.getWidth(), image.getHeight(), maxPixels);
        }
        return new Source() {
            @Override
            public Format format() {
                return Format.PNG;
            }

            @Override
            public int pageCount() {
                return 1;
            }

            @Override
            public PageContent page(int index) {
                return new PageContent(image, 0);
            }

            @Override
            public void close() {
            }
        };
    }

    static TraeValidationException tooLarge(String name, long w, long h, long maxPixels) {
        return new TraeValidationException("input", "'" + Tessdata.abbreviate(name) + "' is " + w + " x " + h + " pixels, more than the limit of "
                + maxPixels + " pixels; scale it down or raise OcrEngine.builder().maxPixels(...)");
    }

    static TraeValidationException corrupt(String name, Format f, Throwable e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new TraeValidationException("input", "'" + Tessdata.abbreviate(name) + "' looks like " + f
                + " but could not be decoded (corrupt or truncated): " + Tessdata.abbreviate(msg), e);
    }

    private static final class ImageSource implements Source {
        private final String name;
        private final Format format;
        private final ImageInputStream in;
        private final ImageReader reader;
        private final int pages;
        private final long maxPixels;

        private final int exifOrientation;

        ImageSource(byte[] data, String name, Format format, long maxPixels) {
            this.name = name;
            this.exifOrientation = format == Format.JPEG ? Exif.orientation(data) : 1;
            this.format = format;
            this.maxPixels = maxPixels;
            try {
                in = ImageIO.createImageInputStream(new ByteArrayInputStream(data));
                Iterator<ImageReader> it = ImageIO.getImageReaders(in);
                if (!it.hasNext()) {
                    throw new TraeValidationException("input", "no decoder for " + format + " in this Java runtime");
                }
                reader = it.next();
                reader.setInput(in, false, false);
                int n = format == Format.TIFF ? reader.getNumImages(true) : 1;
                if (n <= 0) {
                    throw new TraeValidationException("input", "'" + Tessdata.abbreviate(name) + "' contains no images");
                }
                pages = n;
            } catch (IOException | RuntimeException e) {
                if (e instanceof TraeValidationException) {
                    throw (TraeValidationException) e;
                }
                throw corrupt(name, format, e);
            }
        }

        @Override
        public Format format() {
            return format;
        }

        @Override
        public int pageCount() {
            return pages;
        }

        @Override
        public synchronized PageContent page(int index) {
            try {
                long w = reader.getWidth(index);
                long h = reader.getHeight(index);
                if (w * h > maxPixels) {
                    throw tooLarge(name, w, h, maxPixels);
                }
                int dpi = 0;
                try {
                    dpi = dpi(reader.getImageMetadata(index));
                } catch (IOException | RuntimeException ignored) {
                    // metadata is optional
                }
                // very large photos are decoded subsampled: their text is large, and a 50 MP photo would take
                // about 1 GB as decoded colour plus float grey
                List<String> notes = new java.util.ArrayList<>();
                int sub = (int) Math.ceil(Math.sqrt((double) (w * h) / DECODE_PIXELS));
                javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
                if (sub > 1) {
                    param.setSourceSubsampling(sub, sub, 0, 0);
                    dpi = dpi / sub;
                    notes.add(String.format(java.util.Locale.ROOT, "%.1f MP image decoded at 1/%d of its width and height", w * h / 1e6, sub));
                }
                BufferedImage img = reader.read(index, param);
                if (exifOrientation != 1) {
                    img = Exif.apply(img, exifOrientation);
                    notes.add("EXIF orientation " + exifOrientation + " applied");
                }
                return new PageContent(img, dpi, notes);
            } catch (IOException | RuntimeException e) {
                if (e instanceof TraeValidationException) {
                    throw (TraeValidationException) e;
                }
                throw corrupt(name, format, e);
            } catch (OutOfMemoryError e) {
                throw new TraeValidationException("input", "'" + Tessdata.abbreviate(name) + "' is too large to decode in the available memory", e);
            }
        }

        /** Resolution from the standard metadata tree (mm per pixel), or 0. */
        private static int dpi(IIOMetadata md) {
            if (md == null || !md.isStandardMetadataFormatSupported()) {
                return 0;
            }
            Node root = md.getAsTree("javax_imageio_1.0");
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if ("Dimension".equals(n.getNodeName())) {
                    for (Node d = n.getFirstChild(); d != null; d = d.getNextSibling()) {
                        if ("HorizontalPixelSize".equals(d.getNodeName())) {
                            Node v = d.getAttributes().getNamedItem("value");
                            if (v != null) {
                                double mm = Double.parseDouble(v.getNodeValue());
                                if (mm > 0) {
                                    int dpi = (int) Math.round(25.4 / mm);
                                    return dpi >= 50 && dpi <= 2400 ? dpi : 0;
                                }
                            }
                        }
                    }
                }
            }
            return 0;
        }

        @Override
        public synchronized void close() {
            reader.dispose();
            try {
                in.close();
            } catch (IOException ignored) {
                // in-memory stream
            }
        }
    }

    private static final class PdfSource implements Source {
        private final String name;
        private final PDDocument doc;
        private final PDFRenderer renderer;
        private final long maxPixels;
        private final int dpi;
        private final boolean useTextLayer;

        PdfSource(byte[] data, String name, long maxPixels, int dpi, boolean useTextLayer) {
            this.name = name;
            this.maxPixels = maxPixels;
            this.dpi = dpi;
            this.useTextLayer = useTextLayer;
            try {
                doc = Loader.loadPDF(data);
            } catch (InvalidPasswordException e) {
                throw new TraeValidationException("input", "'" + Tessdata.abbreviate(name) + "' is a password-protected PDF", e);
            } catch (IOException | RuntimeException e) {
                throw corrupt(name, Format.PDF, e);
            }
            if (doc.getNumberOfPages() == 0) {
                closeQuietly();
                throw new TraeValidationException("input", "'" + Tessdata.abbreviate(name) + "' is a PDF with no pages");
            }
            renderer = new PDFRenderer(doc);
        }

        @Override
        public Format format() {
            return Format.PDF;
        }

        @Override
        public int pageCount() {
            return doc.getNumberOfPages();
        }

        @Override
        public synchronized PageContent page(int index) {
            try {
                PDPage page = doc.getPage(index);
                PDRectangle box = page.getCropBox();
                double wIn = box.getWidth() / 72.0;
                double hIn = box.getHeight() / 72.0;
                int renderDpi = dpi;
                while (renderDpi > 36 && (wIn * renderDpi) * (hIn * renderDpi) > maxPixels) {
                    renderDpi = (int) (renderDpi * 0.8);
                }
                if ((wIn * renderDpi) * (hIn * renderDpi) > maxPixels) {
                    throw tooLarge(name + " page " + (index + 1), Math.round(wIn * renderDpi), Math.round(hIn * renderDpi), maxPixels);
                }
                if (useTextLayer) {
                    List<List<OcrWord>> lines = textLayer(index, renderDpi / 72.0, page);
                    int chars = lines.stream().flatMap(List::stream).mapToInt(w -> w.text().length()).sum();
                    if (chars >= 10) {
                        int rotation = page.getRotation() % 180 == 0 ? 0 : 1;
                        int w = (int) Math.round((rotation == 0 ? wIn : hIn) * renderDpi);
                        int h = (int) Math.round((rotation == 0 ? hIn : wIn) * renderDpi);
                        return new PageContent(lines, w, h, renderDpi);
                    }
                }
                BufferedImage img = renderer.renderImageWithDPI(index, renderDpi, ImageType.GRAY);
                return new PageContent(img, renderDpi);
            } catch (IOException | RuntimeException e) {
                if (e instanceof TraeValidationException) {
                    throw (TraeValidationException) e;
                }
                throw corrupt(name + " page " + (index + 1), Format.PDF, e);
            }
        }

        private List<List<OcrWord>> textLayer(int index, double scale, PDPage page) throws IOException {
            List<List<OcrWord>> lines = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper() {
                private List<OcrWord> current = new ArrayList<>();

                @Override
                protected void writeString(String text, List<TextPosition> positions) {
                    StringBuilder word = new StringBuilder();
                    double x0 = 0;
                    double y0 = 0;
                    double x1 = 0;
                    double y1 = 0;
                    for (TextPosition tp : positions) {
                        String u = tp.getUnicode();
                        if (u == null || u.isBlank()) {
                            flush(word, x0, y0, x1, y1);
                            word.setLength(0);
                            continue;
                        }
                        double left = tp.getXDirAdj();
                        double top = tp.getYDirAdj() - tp.getHeightDir();
                        double right = left + tp.getWidthDirAdj();
                        double bottom = tp.getYDirAdj();
                        if (word.length() == 0) {
                            x0 = left;
                            y0 = top;
                            x1 = right;
                            y1 = bottom;
                        } else {
                            x0 = Math.min(x0, left);
                            y0 = Math.min(y0, top);
                            x1 = Math.max(x1, right);
                            y1 = Math.max(y1, bottom);
                        }
                        word.append(u);
                    }
                    flush(word, x0, y0, x1, y1);
                }

                private void flush(StringBuilder word, double x0, double y0, double x1, double y1) {
                    String t = word.toString().strip();
                    if (!t.isEmpty()) {
                        current.add(new OcrWord(t, PixelBox.ofEdges((int) Math.round(x0 * scale), (int) Math.round(y0 * scale),
                                (int) Math.round(x1 * scale), (int) Math.round(y1 * scale)), 100f));
                    }
                }

                @Override
                protected void writeLineSeparator() {
                    if (!current.isEmpty()) {
                        lines.add(current);
                        current = new ArrayList<>();
                    }
                }

                @Override
                protected void endPage(PDPage p) throws IOException {
                    writeLineSeparator();
                    super.endPage(p);
                }
            };
            stripper.setSortByPosition(true);
            stripper.setStartPage(index + 1);
            stripper.setEndPage(index + 1);
            stripper.getText(doc);
            return lines;
        }

        private void closeQuietly() {
            try {
                doc.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }

        @Override
        public synchronized void close() {
            closeQuietly();
        }
    }
}
