package dev.trae.ocr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.ocr.model.PixelBox;
import dev.trae.ocr.model.Correction;
import dev.trae.ocr.model.ExtractedField;
import dev.trae.ocr.model.OcrBlock;
import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.model.OcrLine;
import dev.trae.ocr.model.OcrPage;
import dev.trae.ocr.model.OcrWord;

/**
 * Writes an {@link OcrDocument} as plain text, structured JSON, Tesseract TSV, hOCR, ALTO XML, CSV of lines
 * or a searchable PDF. Thread-safe (stateless).
 *
 * <pre>{@code
 * String json = OcrWriter.json(doc, FieldExtractor.extract(doc), List.of());
 * try (OutputStream out = Files.newOutputStream(Path.of("scan.pdf"))) {
 *     OcrWriter.write(doc, OcrFormat.PDF, out);
 * }
 * }</pre>
 */
public final class OcrWriter {
    /**
     * Created on first use: building an ObjectMapper loads about 370 Jackson classes, 0.25 s of CPU in a short CLI
     * run that writes text.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
    private static final List<String> PDF_FONTS = List.of(
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
            "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
            "/usr/share/fonts/TTF/DejaVuSans.ttf",
            "/Library/Fonts/Arial Unicode.ttf",
            "C:/Windows/Fonts/arial.ttf");

    private OcrWriter() {
    }

    /** Writes the document in a format; the PDF format needs the page images ({@link OcrEngine.Builder#keepImages}). */
    public static void write(OcrDocument doc, OcrFormat format, OutputStream out) {
        Objects.requireNonNull(doc, "document");
        Objects.requireNonNull(out, "out");
        try {
            if (format == OcrFormat.PDF) {
                searchablePdf(doc, out);
                return;
            }
            String s;
            switch (Objects.requireNonNull(format, "format")) {
                case TEXT:
                    s = text(doc);
                    break;
                case JSON:
                    s = json(doc, FieldExtractor.extract(doc), List.of());
                    break;
                case TSV:
                    s = tsv(doc);
                    break;
                case HOCR:
                    s = hocr(doc);
                    break;
                case ALTO:
                    s = alto(doc);
                    break;
                case CSV:
                    s = csvLines(doc);
                    break;
                default:
                    throw new IllegalStateException(String.valueOf(format));
            }
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document in a format, as bytes. */
    public static byte[] toBytes(OcrDocument doc, OcrFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(doc, format, out);
        return out.toByteArray();
    }

    /** Plain text with a trailing newline; pages separated by form feeds. */
    public static String text(OcrDocument doc) {
        String t = doc.text();
        return t.isEmpty() ? "" : t + "\n";
    }

    // ------------------------------------------------------------------ JSON

    /** The structured JSON of the document, with no fields or corrections. */
    public static String json(OcrDocument doc) {
        return json(doc, List.of(), List.of());
    }

    /**
     * Structured JSON: {@code name, text, meanConfidence, pages[number, width, height, dpi, source,
     * preprocessing, blocks[box, lines[text, box, confidence, words[text, box, confidence]]]], fields[],
     * corrections[]}. Boxes are {@code {x, y, width, height}} in page pixels.
     */
    public static String json(OcrDocument doc, List<ExtractedField> fields, List<Correction> corrections) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("name", doc.name());
        root.put("text", doc.text());
        root.put("meanConfidence", round(doc.meanConfidence()));
        ArrayNode pages = root.putArray("pages");
        for (OcrPage p : doc.pages()) {
            ObjectNode pn = pages.addObject();
            pn.put("number", p.number());
            pn.put("width", p.width());
            pn.put("height", p.height());
            pn.put("dpi", p.dpi());
            pn.put("source", p.source().name());
            pn.put("meanConfidence", round(p.meanConfidence()));
            ObjectNode pre = pn.putObject("preprocessing");
            ArrayNode applied = pre.putArray("applied");
            p.preprocessing().applied().forEach(applied::add);
            pre.put("rotation", p.preprocessing().rotation());
            pre.put("skewDegrees", round(p.preprocessing().skewDegrees()));
            pre.put("scale", round(p.preprocessing().scale()));
            pre.put("impulseNoise", round(p.preprocessing().impulseNoise()));
            pre.put("millis", p.preprocessing().millis());
            pre.put("photo", p.preprocessing().photo());
            p.preprocessing().page().ifPresent(o -> {
                ObjectNode po = pre.putObject("page");
                ArrayNode corners = po.putArray("corners");
                o.corners().forEach(c -> corners.add(round(c)));
                po.put("confidence", round(o.confidence()));
                po.put("cutOff", o.cutOff());
            });
            ArrayNode notes = pre.putArray("notes");
            p.preprocessing().notes().forEach(notes::add);
            ArrayNode blocks = pn.putArray("blocks");
            for (OcrBlock b : p.blocks()) {
                ObjectNode bn = blocks.addObject();
                box(bn, b.box());
                ArrayNode lines = bn.putArray("lines");
                for (OcrLine l : b.lines()) {
                    ObjectNode ln = lines.addObject();
                    ln.put("text", l.text());
                    box(ln, l.box());
                    ln.put("confidence", round(l.confidence()));
                    ArrayNode words = ln.putArray("words");
                    for (OcrWord w : l.words()) {
                        ObjectNode wn = words.addObject();
                        wn.put("text", w.text());
                        box(wn, w.box());
                        wn.put("confidence", round(w.confidence()));
                    }
                }
            }
        }
        root.set("fields", fieldsNode(fields));
        ArrayNode cs = root.putArray("corrections");
        for (Correction c : corrections) {
            ObjectNode cn = cs.addObject();
            cn.put("page", c.page());
            cn.put("line", c.line());
            cn.put("original", c.original());
            cn.put("corrected", c.corrected());
            cn.put("distance", c.distance());
        }
        return write(root);
    }

    /** Extracted fields as a JSON array of {@code {label, key, value, number?, unit?, unitCode?, date?, page, line, confidence}}. */
    public static String fieldsJson(List<ExtractedField> fields) {
        return write(fieldsNode(fields));
    }

    private static ArrayNode fieldsNode(List<ExtractedField> fields) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (ExtractedField f : fields) {
            ObjectNode n = arr.addObject();
            n.put("label", f.label());
            n.put("key", f.key());
            n.put("value", f.value());
            f.number().ifPresent(v -> n.put("number", v));
            f.unit().ifPresent(v -> n.put("unit", v));
            f.unitCode().ifPresent(v -> n.put("unitCode", v));
            f.date().ifPresent(v -> n.put("date", v.toString()));
            n.put("page", f.page());
            n.put("line", f.line());
            n.put("confidence", round(f.confidence()));
        }
        return arr;
    }

    private static void box(ObjectNode n, PixelBox b) {
        ObjectNode bn = n.putObject("box");
        bn.put("x", b.x());
        bn.put("y", b.y());
        bn.put("width", b.width());
        bn.put("height", b.height());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String write(Object node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ TSV, CSV

    /** Tesseract's TSV layout: level, page_num, block_num, par_num, line_num, word_num, left, top, width, height, conf, text. */
    public static String tsv(OcrDocument doc) {
        StringBuilder sb = new StringBuilder("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
        for (OcrPage p : doc.pages()) {
            row(sb, 1, p.number(), 0, 0, 0, 0, new PixelBox(0, 0, p.width(), p.height()), -1, "");
            int bi = 0;
            for (OcrBlock b : p.blocks()) {
                bi++;
                row(sb, 2, p.number(), bi, 0, 0, 0, b.box(), -1, "");
                row(sb, 3, p.number(), bi, 1, 0, 0, b.box(), -1, "");
                int li = 0;
                for (OcrLine l : b.lines()) {
                    li++;
                    row(sb, 4, p.number(), bi, 1, li, 0, l.box(), -1, "");
                    int wi = 0;
                    for (OcrWord w : l.words()) {
                        wi++;
                        row(sb, 5, p.number(), bi, 1, li, wi, w.box(), w.confidence(), w.text().replace('\t', ' '));
                    }
                }
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, int level, int page, int block, int par, int line, int word, PixelBox b,
                            double conf, String text) {
        sb.append(level).append('\t').append(page).append('\t').append(block).append('\t').append(par).append('\t')
                .append(line).append('\t').append(word).append('\t').append(b.x()).append('\t').append(b.y()).append('\t')
                .append(b.width()).append('\t').append(b.height()).append('\t')
                .append(conf < 0 ? "-1" : String.format(Locale.ROOT, "%.6f", conf)).append('\t').append(text).append('\n');
    }

    /** CSV (RFC 4180) of lines: page, block, line, x, y, width, height, confidence, text. */
    public static String csvLines(OcrDocument doc) {
        StringBuilder sb = new StringBuilder("page,block,line,x,y,width,height,confidence,text\r\n");
        for (OcrPage p : doc.pages()) {
            int bi = 0;
            for (OcrBlock b : p.blocks()) {
                bi++;
                int li = 0;
                for (OcrLine l : b.lines()) {
                    li++;
                    PixelBox x = l.box();
                    sb.append(p.number()).append(',').append(bi).append(',').append(li).append(',').append(x.x()).append(',')
                            .append(x.y()).append(',').append(x.width()).append(',').append(x.height()).append(',')
                            .append(String.format(Locale.ROOT, "%.2f", l.confidence())).append(',').append(csv(l.text())).append("\r\n");
                }
            }
        }
        return sb.toString();
    }

    private static String csv(String s) {
        // a leading = + - @ would be a formula in spreadsheets: quote and prefix with '
        String v = s;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(s)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    // ------------------------------------------------------------------ hOCR, ALTO

    /** hOCR 1.2 (XHTML): ocr_page, ocr_carea, ocr_line and ocrx_word elements with bbox and x_wconf. */
    public static String hocr(OcrDocument doc) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n<head>\n<title>")
                .append(xml(doc.name())).append("</title>\n")
                .append("<meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n")
                .append("<meta name=\"ocr-system\" content=\"trae-ocr (tesseract)\"/>\n")
                .append("<meta name=\"ocr-capabilities\" content=\"ocr_page ocr_carea ocr_line ocrx_word\"/>\n</head>\n<body>\n");
        for (OcrPage p : doc.pages()) {
            int n = p.number();
            sb.append(" <div class=\"ocr_page\" id=\"page_").append(n).append("\" title=\"image &quot;").append(xml(doc.name()))
                    .append("&quot;; bbox 0 0 ").append(p.width()).append(' ').append(p.height()).append("; ppageno ").append(n - 1)
                    .append("; scan_res ").append(p.dpi()).append(' ').append(p.dpi()).append("\">\n");
            int bi = 0;
            int li = 0;
            int wi = 0;
            for (OcrBlock b : p.blocks()) {
                bi++;
                sb.append("  <div class=\"ocr_carea\" id=\"block_").append(n).append('_').append(bi).append("\" title=\"")
                        .append(bbox(b.box())).append("\">\n");
                for (OcrLine l : b.lines()) {
                    li++;
                    sb.append("   <span class=\"ocr_line\" id=\"line_").append(n).append('_').append(li).append("\" title=\"")
                            .append(bbox(l.box())).append("\">");
                    for (OcrWord w : l.words()) {
                        wi++;
                        sb.append("<span class=\"ocrx_word\" id=\"word_").append(n).append('_').append(wi).append("\" title=\"")
                                .append(bbox(w.box())).append("; x_wconf ").append(Math.round(w.confidence())).append("\">")
                                .append(xml(w.text())).append("</span> ");
                    }
                    sb.append("</span>\n");
                }
                sb.append("  </div>\n");
            }
            sb.append(" </div>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static String bbox(PixelBox b) {
        return "bbox " + b.x() + " " + b.y() + " " + b.right() + " " + b.bottom();
    }

    /** ALTO v4 XML with pixel measurements: Page, PrintSpace, TextBlock, TextLine, String (WC = confidence 0..1), SP. */
    public static String alto(OcrDocument doc) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
                .append(" xsi:schemaLocation=\"http://www.loc.gov/standards/alto/ns-v4# http://www.loc.gov/alto/v4/alto-4-2.xsd\">\n")
                .append(" <Description>\n  <MeasurementUnit>pixel</MeasurementUnit>\n  <sourceImageInformation><fileName>")
                .append(xml(doc.name())).append("</fileName></sourceImageInformation>\n")
                .append("  <OCRProcessing ID=\"OCR_0\"><ocrProcessingStep><processingSoftware><softwareName>trae-ocr (tesseract)</softwareName>")
                .append("</processingSoftware></ocrProcessingStep></OCRProcessing>\n </Description>\n <Layout>\n");
        for (OcrPage p : doc.pages()) {
            int n = p.number();
            sb.append("  <Page ID=\"page_").append(n).append("\" PHYSICAL_IMG_NR=\"").append(n).append("\" HEIGHT=\"").append(p.height())
                    .append("\" WIDTH=\"").append(p.width()).append("\">\n   <PrintSpace HPOS=\"0\" VPOS=\"0\" WIDTH=\"").append(p.width())
                    .append("\" HEIGHT=\"").append(p.height()).append("\">\n");
            int bi = 0;
            int li = 0;
            int wi = 0;
            for (OcrBlock b : p.blocks()) {
                bi++;
                sb.append("    <TextBlock ID=\"block_").append(n).append('_').append(bi).append('"').append(pos(b.box())).append(">\n");
                for (OcrLine l : b.lines()) {
                    li++;
                    sb.append("     <TextLine ID=\"line_").append(n).append('_').append(li).append('"').append(pos(l.box())).append(">");
                    boolean first = true;
                    for (OcrWord w : l.words()) {
                        wi++;
                        if (!first) {
                            sb.append("<SP/>");
                        }
                        first = false;
                        sb.append("<String ID=\"string_").append(n).append('_').append(wi).append('"').append(pos(w.box()))
                                .append(" WC=\"").append(String.format(Locale.ROOT, "%.2f", w.confidence() / 100.0)).append("\" CONTENT=\"")
                                .append(xml(w.text())).append("\"/>");
                    }
                    sb.append("</TextLine>\n");
                }
                sb.append("    </TextBlock>\n");
            }
            sb.append("   </PrintSpace>\n  </Page>\n");
        }
        return sb.append(" </Layout>\n</alto>\n").toString();
    }

    private static String pos(PixelBox b) {
        return " HPOS=\"" + b.x() + "\" VPOS=\"" + b.y() + "\" WIDTH=\"" + b.width() + "\" HEIGHT=\"" + b.height() + "\"";
    }

    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '&':
                    sb.append("&amp;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                case '\'':
                    sb.append("&apos;");
                    break;
                default:
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ searchable PDF

    /**
     * A searchable PDF: each page image with the recognised words as invisible text over them, so the PDF can
     * be searched and copied from. Needs the document's page images and a Unicode TrueType font
     * (DejaVu Sans from the Debian package fonts-dejavu-core, or Liberation or FreeFont).
     */
    public static void searchablePdf(OcrDocument doc, OutputStream out) throws IOException {
        if (doc.images().size() != doc.pages().size()) {
            throw new TraeValidationException("document", "has no page images for a searchable PDF: build the engine with "
                    + "keepImages(true) (the default), and note that pages from a PDF text layer have no image");
        }
        Path fontFile = PDF_FONTS.stream().map(Path::of).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new TraeClientException("no Unicode TrueType font found for the PDF text layer: "
                        + "install fonts-dejavu-core (apt-get install fonts-dejavu-core)"));
        try (PDDocument pdf = new PDDocument()) {
            PDType0Font font;
            try (var in = Files.newInputStream(fontFile)) {
                font = PDType0Font.load(pdf, in, true);
            }
            for (int i = 0; i < doc.pages().size(); i++) {
                OcrPage p = doc.pages().get(i);
                BufferedImage img = doc.images().get(i);
                double k = 72.0 / Math.max(1, p.dpi());
                PDRectangle size = new PDRectangle((float) (img.getWidth() * k), (float) (img.getHeight() * k));
                PDPage page = new PDPage(size);
                pdf.addPage(page);
                PDImageXObject x = LosslessFactory.createFromImage(pdf, img);
                try (PDPageContentStream cs = new PDPageContentStream(pdf, page)) {
                    cs.drawImage(x, 0, 0, size.getWidth(), size.getHeight());
                    cs.beginText();
                    cs.setRenderingMode(RenderingMode.NEITHER);
                    for (OcrWord w : p.words()) {
                        String t = encodable(font, w.text());
                        if (t.isEmpty()) {
                            continue;
                        }
                        float fontSize = (float) Math.max(1, w.box().height() * k);
                        float natural = font.getStringWidth(t) / 1000f * fontSize;
                        float target = (float) (w.box().width() * k);
                        cs.setFont(font, fontSize);
                        cs.setHorizontalScaling(natural > 0 ? Math.max(1, 100f * target / natural) : 100f);
                        cs.newLineAtOffset(0, 0);
                        cs.setTextMatrix(new org.apache.pdfbox.util.Matrix(1, 0, 0, 1, (float) (w.box().x() * k),
                                (float) (size.getHeight() - w.box().bottom() * k)));
                        cs.showText(t);
                    }
                    cs.endText();
                }
            }
            pdf.save(out);
        }
    }

    private static String encodable(PDType0Font font, String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            try {
                font.encode(c);
                sb.append(c);
            } catch (IOException | IllegalArgumentException e) {
                sb.append('?');
            }
        });
        return sb.toString();
    }
}
