package dev.trae.aws.vision;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.vision.model.BoundingBox;
import dev.trae.aws.vision.model.Label;
import dev.trae.aws.vision.model.LabelInstance;
import dev.trae.aws.vision.model.TextLine;
import dev.trae.aws.vision.model.UiElement;

/**
 * The structure of a UI screenshot: elements (heading, text, button, input, image) with text and box,
 * grouped into rows (top to bottom) and columns (shared left edges). Built from Rekognition text lines
 * and labels by {@link VisionClient#analyzeUi(ImageSource)} or {@link #from(List, List, int, int)}.
 * Renders an overlay PNG for people and a deterministic HTML/CSS skeleton (same layout, same bytes),
 * which can be handed to a code generator for refinement. Immutable.
 *
 * <pre>{@code
 * UiLayout ui = vision.analyzeUi(ImageSource.file(png)).value();
 * Files.write(out.resolve("overlay.png"), ui.renderOverlay(Files.readAllBytes(png)));
 * Files.writeString(out.resolve("index.html"), ui.toHtml("Sign in"));
 * }</pre>
 */
public final class UiLayout {
    private static final double COLUMN_TOLERANCE = 0.02;

    private final int width;
    private final int height;
    private final List<UiElement> elements;

    private UiLayout(int width, int height, List<UiElement> elements) {
        this.width = width;
        this.height = height;
        this.elements = List.copyOf(elements);
    }

    /**
     * Combines text lines and labels: "Button"-like label instances become buttons captioned by the text
     * inside them; "Text Field"/"Input"-like instances become inputs labelled by the text just above or to
     * their left; remaining lines are headings (clearly taller than the median line) or text; "Image",
     * "Icon", "Logo" and "Photo" instances become images.
     */
    public static UiLayout from(List<TextLine> lines, List<Label> labels, int widthPx, int heightPx) {
        if (widthPx <= 0 || heightPx <= 0) {
            throw new TraeValidationException("size", "image width and height must be positive");
        }
        record Raw(UiElement.Kind kind, String text, BoundingBox box) {
        }
        List<Raw> raw = new ArrayList<>();
        Set<TextLine> used = new HashSet<>();
        for (Label l : labels) {
            UiElement.Kind kind = kindOf(l.name());
            if (kind == null) {
                continue;
            }
            for (LabelInstance inst : l.instances()) {
                BoundingBox b = inst.box();
                StringBuilder text = new StringBuilder();
                if (kind == UiElement.Kind.BUTTON) {
                    for (TextLine t : lines) {
                        if (!used.contains(t) && inside(t.geometry().box(), b)) {
                            text.append(text.length() == 0 ? "" : " ").append(t.text());
                            used.add(t);
                        }
                    }
                } else if (kind == UiElement.Kind.INPUT) {
                    TextLine best = null;
                    double bestGap = 0.08;
                    for (TextLine t : lines) {
                        BoundingBox tb = t.geometry().box();
                        if (used.contains(t)) {
                            continue;
                        }
                        double above = b.top() - tb.bottom();
                        boolean alignedAbove = above >= -0.005 && Math.abs(tb.left() - b.left()) < 0.05;
                        double leftGap = b.left() - tb.right();
                        boolean leftOf = tb.sameRowAs(b) && leftGap >= -0.005;
                        double gap = alignedAbove ? above : leftOf ? leftGap : Double.MAX_VALUE;
                        if (gap < bestGap) {
                            bestGap = gap;
                            best = t;
                        }
                    }
                    if (best != null) {
                        used.add(best);
                        text.append(best.text());
                    }
                }
                raw.add(new Raw(kind, text.toString(), b));
            }
        }
        List<Double> heights = lines.stream().filter(t -> !used.contains(t)).map(t -> t.geometry().box().height()).sorted().toList();
        double median = heights.isEmpty() ? 0 : heights.get(heights.size() / 2);
        for (TextLine t : lines) {
            if (!used.contains(t)) {
                BoundingBox b = t.geometry().box();
                raw.add(new Raw(median > 0 && b.height() >= 1.4 * median ? UiElement.Kind.HEADING : UiElement.Kind.TEXT, t.text(), b));
            }
        }
        raw.sort(Comparator.comparingDouble((Raw r) -> r.box().top()).thenComparingDouble(r -> r.box().left()));
        // rows: consecutive elements that overlap vertically
        List<List<Raw>> rows = new ArrayList<>();
        for (Raw r : raw) {
            List<Raw> last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            if (last != null && last.stream().anyMatch(o -> o.box().sameRowAs(r.box()))) {
                last.add(r);
            } else {
                List<Raw> row = new ArrayList<>();
                row.add(r);
                rows.add(row);
            }
        }
        // columns: distinct left edges, clustered
        List<Double> edges = new ArrayList<>();
        raw.stream().map(r -> r.box().left()).sorted().forEach(x -> {
            if (edges.isEmpty() || x - edges.get(edges.size() - 1) > COLUMN_TOLERANCE) {
                edges.add(x);
            }
        });
        List<UiElement> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<Raw> row = rows.get(i);
            row.sort(Comparator.comparingDouble(r -> r.box().left()));
            for (Raw r : row) {
                int col = 0;
                for (int c = 0; c < edges.size(); c++) {
                    if (r.box().left() >= edges.get(c) - 1e-9) {
                        col = c;
                    }
                }
                out.add(new UiElement(r.kind(), r.text(), r.box(), i, col));
            }
        }
        return new UiLayout(widthPx, heightPx, out);
    }

    private static UiElement.Kind kindOf(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        if (l.equals("button")) {
            return UiElement.Kind.BUTTON;
        }
        if (l.equals("text field") || l.equals("input") || l.equals("text box") || l.equals("textbox") || l.equals("search box")) {
            return UiElement.Kind.INPUT;
        }
        if (l.equals("image") || l.equals("icon") || l.equals("logo") || l.equals("photo")) {
            return UiElement.Kind.IMAGE;
        }
        return null;
    }

    private static boolean inside(BoundingBox inner, BoundingBox outer) {
        return inner.centerX() >= outer.left() && inner.centerX() <= outer.right()
                && inner.centerY() >= outer.top() && inner.centerY() <= outer.bottom();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Elements in reading order (row by row, left to right). */
    public List<UiElement> elements() {
        return elements;
    }

    /** Elements grouped by row. */
    public List<List<UiElement>> rows() {
        List<List<UiElement>> out = new ArrayList<>();
        for (UiElement e : elements) {
            while (out.size() <= e.row()) {
                out.add(new ArrayList<>());
            }
            out.get(e.row()).add(e);
        }
        return out.stream().map(List::copyOf).toList();
    }

    /** How many layout columns (distinct left edges) there are. */
    public int columnCount() {
        return elements.stream().mapToInt(UiElement::column).max().orElse(-1) + 1;
    }

    /** Elements of one kind. */
    public List<UiElement> elements(UiElement.Kind kind) {
        return elements.stream().filter(e -> e.kind() == kind).toList();
    }

    /**
     * The screenshot with every element's box drawn (colour by kind) and labelled "KIND: text", as PNG.
     */
    public byte[] renderOverlay(byte[] screenshot) {
        BufferedImage src;
        try {
            src = ImageIO.read(new ByteArrayInputStream(screenshot));
        } catch (IOException e) {
            throw new TraeValidationException("screenshot", "cannot decode: " + e.getMessage(), e);
        }
        if (src == null) {
            throw new TraeValidationException("screenshot", "is not a PNG, JPEG, GIF or BMP image");
        }
        BufferedImage img = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        for (UiElement e : elements) {
            Color c = switch (e.kind()) {
                case HEADING -> new Color(220, 38, 38);
                case TEXT -> new Color(22, 163, 74);
                case BUTTON -> new Color(234, 88, 12);
                case INPUT -> new Color(147, 51, 234);
                case IMAGE -> new Color(8, 145, 178);
            };
            int x = (int) Math.round(e.box().left() * img.getWidth());
            int y = (int) Math.round(e.box().top() * img.getHeight());
            int w = (int) Math.round(e.box().width() * img.getWidth());
            int h = (int) Math.round(e.box().height() * img.getHeight());
            g.setColor(c);
            g.setStroke(new BasicStroke(2));
            g.drawRect(x, y, w, h);
            String tag = e.kind() + (e.text().isEmpty() ? "" : ": " + e.text()) + " [r" + e.row() + " c" + e.column() + "]";
            int tw = g.getFontMetrics().stringWidth(tag) + 6;
            int ty = Math.max(0, y - 14);
            g.fillRect(x, ty, tw, 14);
            g.setColor(Color.WHITE);
            g.drawString(tag, x + 3, ty + 11);
        }
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
    }

    /**
     * A self-contained HTML page with CSS reproducing the layout: one flex row per layout row, each element
     * offset and sized from its box, headings as {@code h1}, inputs as labelled {@code input}s, buttons as
     * {@code button}s (the first one primary). Deterministic: the same layout gives the same bytes.
     */
    public String toHtml(String title) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title)).append("</title>\n<style>\n")
                .append("  * { box-sizing: border-box; }\n")
                .append("  body { margin: 0; font-family: system-ui, sans-serif; background: #f5f7fa; }\n")
                .append("  .screen { position: relative; width: ").append(width).append("px; min-height: ").append(height).append("px; margin: 0 auto; }\n")
                .append("  .row { display: flex; align-items: flex-start; }\n")
                .append("  h1 { margin: 0; font-size: 32px; }\n")
                .append("  p { margin: 0; }\n")
                .append("  label { display: flex; flex-direction: column; gap: 6px; }\n")
                .append("  input { height: 44px; padding: 0 12px; border: 2px solid #b4b9be; border-radius: 8px; }\n")
                .append("  button { height: 48px; border: 2px solid #2563eb; border-radius: 8px; background: #fff; color: #2563eb; font-size: 18px; }\n")
                .append("  button.primary { background: #2563eb; color: #fff; }\n")
                .append("  .image { background: #e5e7eb; }\n")
                .append("</style>\n</head>\n<body>\n<main class=\"screen\">\n");
        int prevBottom = 0;
        boolean primaryDone = false;
        int inputNo = 0;
        for (List<UiElement> row : rows()) {
            int top = row.stream().mapToInt(e -> px(e.box().top(), height)).min().orElse(0);
            int bottom = row.stream().mapToInt(e -> px(e.box().bottom(), height)).max().orElse(top);
            sb.append("  <div class=\"row\" style=\"margin-top: ").append(Math.max(0, top - prevBottom)).append("px\">\n");
            int prevRight = 0;
            for (UiElement e : row) {
                int left = px(e.box().left(), width);
                int w = px(e.box().width(), width);
                int h = px(e.box().height(), height);
                String style = "margin-left: " + Math.max(0, left - prevRight) + "px; width: " + w + "px";
                prevRight = left + w;
                sb.append("    ");
                switch (e.kind()) {
                    case HEADING -> sb.append("<h1 style=\"").append(style).append("\">").append(esc(e.text())).append("</h1>");
                    case TEXT -> sb.append("<p style=\"").append(style).append("\">").append(esc(e.text())).append("</p>");
                    case BUTTON -> {
                        sb.append("<button type=\"").append(primaryDone ? "button" : "submit").append("\" class=\"")
                                .append(primaryDone ? "secondary" : "primary").append("\" style=\"").append(style).append("\">")
                                .append(esc(e.text())).append("</button>");
                        primaryDone = true;
                    }
                    case INPUT -> {
                        inputNo++;
                        String id = "field" + inputNo;
                        String type = e.text().toLowerCase(Locale.ROOT).contains("password") ? "password"
                                : e.text().toLowerCase(Locale.ROOT).contains("mail") ? "email" : "text";
                        sb.append("<label for=\"").append(id).append("\" style=\"").append(style).append("\">").append(esc(e.text()))
                                .append("<input id=\"").append(id).append("\" name=\"").append(id).append("\" type=\"").append(type)
                                .append("\"></label>");
                    }
                    case IMAGE -> sb.append("<div class=\"image\" style=\"").append(style).append("; height: ").append(h).append("px\"></div>");
                }
                sb.append('\n');
            }
            sb.append("  </div>\n");
            prevBottom = bottom;
        }
        sb.append("</main>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static int px(double fraction, int size) {
        return (int) Math.round(fraction * size);
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "UiLayout[" + width + "x" + height + ", " + elements.size() + " elements, " + rows().size() + " rows, " + columnCount() + " columns]";
    }
}
