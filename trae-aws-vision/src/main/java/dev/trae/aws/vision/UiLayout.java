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
import dev.trae.aws.vision.internal.ScreenShapes;
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
     * A layout from text lines and labels only, without the pixels: lines become headings (clearly taller
     * than the median line) or text, and "Image", "Icon", "Logo" and "Photo" label instances become images.
     * Buttons, inputs and checkboxes need the screenshot: see {@link #from(List, List, BufferedImage)}.
     */
    public static UiLayout from(List<TextLine> lines, List<Label> labels, int widthPx, int heightPx) {
        if (widthPx <= 0 || heightPx <= 0) {
            throw new TraeValidationException("size", "image width and height must be positive");
        }
        return build(lines, labels, widthPx, heightPx, null);
    }

    /**
     * A layout from what Rekognition returns for a screenshot (text lines and generic labels) and the
     * screenshot's own pixels, which decide the element kinds: text inside a filled rectangle, or centred in
     * an outlined one, is a button; an outlined rectangle that is empty or holds left-aligned text (a value, a
     * placeholder, a selected option) is an input, labelled by the line just above or to its left; a small
     * square is a checkbox, labelled by the line to its right; other lines are headings (taller, or bold and
     * larger, than the median line) or text; image-like label instances are images.
     */
    public static UiLayout from(List<TextLine> lines, List<Label> labels, BufferedImage screenshot) {
        ScreenShapes shapes = ScreenShapes.of(screenshot);
        return build(lines, labels, shapes.width(), shapes.height(), shapes);
    }

    private record Raw(UiElement.Kind kind, String text, BoundingBox box) {
    }

    private static UiLayout build(List<TextLine> lines, List<Label> labels, int widthPx, int heightPx, ScreenShapes shapes) {
        List<Raw> raw = new ArrayList<>();
        Set<TextLine> used = new HashSet<>();
        for (Label l : labels) {
            if (isImage(l.name())) {
                l.instances().forEach(inst -> raw.add(new Raw(UiElement.Kind.IMAGE, "", inst.box())));
            }
        }
        if (shapes != null) {
            fromShapes(lines, shapes, widthPx, heightPx, raw, used);
        }
        List<TextLine> rest = lines.stream().filter(t -> !used.contains(t)).toList();
        // body text size: the lower quartile of every line's height, labels and captions included (on a short
        // page a median is pulled up by the headings themselves)
        List<Double> heights = lines.stream().map(t -> t.geometry().box().height()).sorted().toList();
        double median = heights.isEmpty() ? 0 : heights.get((heights.size() - 1) / 4);
        double[] density = new double[rest.size()];
        for (int i = 0; i < rest.size(); i++) {
            int[] b = px(rest.get(i).geometry().box(), widthPx, heightPx);
            density[i] = shapes == null ? 0 : shapes.inkDensity(b[0], b[1], b[2], b[3]);
        }
        double[] sortedDensity = density.clone();
        java.util.Arrays.sort(sortedDensity);
        double medianDensity = sortedDensity.length == 0 ? 0 : sortedDensity[(sortedDensity.length - 1) / 2];
        for (int i = 0; i < rest.size(); i++) {
            BoundingBox b = rest.get(i).geometry().box();
            boolean taller = median > 0 && b.height() >= 1.2 * median;
            boolean boldAndLarger = median > 0 && medianDensity > 0 && b.height() >= 1.15 * median && density[i] >= 1.15 * medianDensity;
            raw.add(new Raw(taller || boldAndLarger ? UiElement.Kind.HEADING : UiElement.Kind.TEXT, rest.get(i).text(), b));
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

    /** Buttons, inputs and checkboxes from the shapes in the pixels, with the lines inside or beside them. */
    private static void fromShapes(List<TextLine> lines, ScreenShapes shapes, int w, int h, List<Raw> raw, Set<TextLine> used) {
        List<ScreenShapes.Shape> all = new ArrayList<>(shapes.shapes());
        all.sort(Comparator.comparingInt(s -> s.w() * s.h()));
        List<Raw> inputs = new ArrayList<>();
        List<String> inputContent = new ArrayList<>();
        for (ScreenShapes.Shape s : all) {
            BoundingBox box = new BoundingBox((double) s.x() / w, (double) s.y() / h, (double) s.w() / w, (double) s.h() / h);
            if (s.kind() == ScreenShapes.Kind.SQUARE) {
                // a square inside a text line is a glyph ("o", "D"), not a checkbox
                boolean glyph = lines.stream().map(t -> px(t.geometry().box(), w, h))
                        .anyMatch(b -> s.x() + s.w() / 2.0 >= b[0] - 1 && s.x() + s.w() / 2.0 <= b[0] + b[2] + 1
                                && s.y() + s.h() / 2.0 >= b[1] - 1 && s.y() + s.h() / 2.0 <= b[1] + b[3] + 1);
                if (glyph) {
                    continue;
                }
                TextLine label = null;
                double best = 3.0 * s.w() + 20;
                for (TextLine t : lines) {
                    int[] b = px(t.geometry().box(), w, h);
                    double gap = b[0] - (s.x() + s.w());
                    double cy = b[1] + b[3] / 2.0;
                    if (!used.contains(t) && gap >= -2 && gap < best && cy >= s.y() - 8 && cy <= s.y() + s.h() + 8) {
                        best = gap;
                        label = t;
                    }
                }
                if (label != null) {
                    used.add(label);
                }
                raw.add(new Raw(UiElement.Kind.CHECKBOX, label == null ? "" : label.text(), box));
                continue;
            }
            List<TextLine> inside = new ArrayList<>();
            for (TextLine t : lines) {
                int[] b = px(t.geometry().box(), w, h);
                if (!used.contains(t) && s.contains(b[0] + b[2] / 2.0, b[1] + b[3] / 2.0, 0)
                        && s.contains(b[0], b[1], 4) && s.contains(b[0] + b[2], b[1] + b[3], 4)) {
                    inside.add(t);
                }
            }
            String text = String.join(" ", inside.stream().map(TextLine::text).toList());
            if (s.kind() == ScreenShapes.Kind.FILLED) {
                if (!inside.isEmpty()) {
                    used.addAll(inside);
                    raw.add(new Raw(UiElement.Kind.BUTTON, text, box));
                }
                continue;
            }
            if (!inside.isEmpty() && centred(inside, s, w, h)) {
                used.addAll(inside);
                raw.add(new Raw(UiElement.Kind.BUTTON, text, box));
            } else {
                used.addAll(inside);
                inputs.add(new Raw(UiElement.Kind.INPUT, "", box));
                inputContent.add(text);
            }
        }
        for (TextLine t : lines) {
            if (used.contains(t)) {
                continue;
            }
            int[] b = px(t.geometry().box(), w, h);
            shapes.fillAround(b[0], b[1], b[2], b[3]).ifPresent(r -> {
                used.add(t);
                raw.add(new Raw(UiElement.Kind.BUTTON, t.text(), new BoundingBox((double) r[0] / w, (double) r[1] / h,
                        (double) r[2] / w, (double) r[3] / h)));
            });
        }
        for (int k = 0; k < inputs.size(); k++) {
            BoundingBox b = inputs.get(k).box();
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
            }
            raw.add(new Raw(UiElement.Kind.INPUT, best != null ? best.text() : inputContent.get(k), b));
        }
    }

    /** Whether text sits centred in a shape with room on both sides (a caption), not left-aligned (a value). */
    private static boolean centred(List<TextLine> inside, ScreenShapes.Shape s, int w, int h) {
        double left = Double.MAX_VALUE;
        double right = 0;
        for (TextLine t : inside) {
            int[] b = px(t.geometry().box(), w, h);
            left = Math.min(left, b[0]);
            right = Math.max(right, b[0] + b[2]);
        }
        double textCentre = (left + right) / 2;
        double shapeCentre = s.x() + s.w() / 2.0;
        return Math.abs(textCentre - shapeCentre) <= 0.08 * s.w() + 2 && left - s.x() >= 0.12 * s.w();
    }

    private static int[] px(BoundingBox b, int w, int h) {
        return new int[] {(int) Math.round(b.left() * w), (int) Math.round(b.top() * h),
                (int) Math.round(b.width() * w), (int) Math.round(b.height() * h)};
    }

    private static boolean isImage(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        return l.equals("image") || l.equals("icon") || l.equals("logo") || l.equals("photo");
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
                case CHECKBOX -> new Color(202, 138, 4);
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
                    case CHECKBOX -> {
                        inputNo++;
                        String id = "field" + inputNo;
                        sb.append("<label for=\"").append(id).append("\" style=\"").append(style).append("\"><input id=\"").append(id)
                                .append("\" name=\"").append(id).append("\" type=\"checkbox\"> ").append(esc(e.text())).append("</label>");
                    }
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
