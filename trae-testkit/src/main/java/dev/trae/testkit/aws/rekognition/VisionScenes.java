package dev.trae.testkit.aws.rekognition;

import dev.trae.testkit.aws.textract.FakeDocument;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import dev.trae.testkit.aws.textract.FakeDocument.Box;

/**
 * Draws test images and, from the same drawing, what the fakes should report about them: a UI
 * screenshot (with the text lines and UI-element labels Rekognition would find) and a form (with the
 * lines, table and fields Textract would find). Tests and the demo program the fakes with the result, so
 * boxes in responses match pixels in images. Deterministic.
 */
public final class VisionScenes {

    /** A drawn image and what Rekognition should report about it. */
    public record ImageScene(byte[] png, int width, int height, FakeImage content) {
    }

    /** A drawn document image and what Textract should report about it. */
    public record DocumentScene(byte[] png, int width, int height, FakeDocument content) {
    }

    private VisionScenes() {
    }

    /**
     * A 800 x 600 sign-in screen: a title, two labelled text fields, a checkbox line, a primary and a
     * secondary button side by side, and a link. DetectText finds every text; DetectLabels finds only generic
     * labels, as on a real screenshot.
     */
    public static ImageScene loginScreen() {
        int w = 800;
        int h = 600;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(new Color(245, 247, 250));
        g.fillRect(0, 0, w, h);
        FakeImage content = new FakeImage();
        List<Box> buttons = new ArrayList<>();
        List<Box> fields = new ArrayList<>();
        text(g, content, "Sign in to Trae", 200, 90, 34, true, w, h);
        text(g, content, "Email", 200, 160, 18, false, w, h);
        fields.add(rect(g, 200, 170, 400, 44, Color.WHITE, new Color(180, 185, 190), w, h));
        text(g, content, "Password", 200, 260, 18, false, w, h);
        fields.add(rect(g, 200, 270, 400, 44, Color.WHITE, new Color(180, 185, 190), w, h));
        text(g, content, "Remember me", 200, 350, 16, false, w, h);
        buttons.add(rect(g, 200, 390, 190, 48, new Color(37, 99, 235), new Color(37, 99, 235), w, h));
        textAt(g, content, "Log in", 258, 421, 18, Color.WHITE, w, h);
        buttons.add(rect(g, 410, 390, 190, 48, Color.WHITE, new Color(37, 99, 235), w, h));
        textAt(g, content, "Cancel", 470, 421, 18, new Color(37, 99, 235), w, h);
        text(g, content, "Forgot password?", 200, 490, 16, false, w, h);
        g.dispose();
        // what Rekognition answers for a screenshot: text, and generic labels without boxes (no "Button" or
        // "Text Field" instances: element kinds come from the pixels)
        content.label("Text", 99.0, List.of());
        content.label("Page", 93.0, List.of(), "Text");
        content.label("Screenshot", 97.0, List.of(), "Electronics");
        return new ImageScene(png(img), w, h, content);
    }

    /**
     * A 1000 x 1300 purchase-order form: title, three fields (Order No, Date, Customer), a line-item table
     * with a header row and a "Total" cell merged over two columns, and a signature.
     */
    public static DocumentScene purchaseOrder(int n) {
        int w = 1000;
        int h = 1300;
        FakeDocument doc = FakeDocument.sample(n);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        FakeDocument.Page p = doc.pages().get(0);
        for (FakeDocument.Line l : p.lines()) {
            drawIn(g, l.text(), l.box(), w, h);
        }
        for (FakeDocument.Table t : p.tables()) {
            g.setStroke(new BasicStroke(2));
            for (FakeDocument.Cell c : t.cells()) {
                Box b = c.box();
                g.drawRect((int) (b.left() * w), (int) (b.top() * h), (int) (b.width() * w), (int) (b.height() * h));
                drawIn(g, c.text(), new Box(b.left() + 0.01, b.top() + 0.01, b.width() - 0.02, b.height() - 0.02), w, h);
            }
        }
        for (Box s : p.signatures()) {
            g.setStroke(new BasicStroke(3));
            int x0 = (int) (s.left() * w);
            int y0 = (int) ((s.top() + s.height() * 0.7) * h);
            int sw = (int) (s.width() * w);
            for (int i = 0; i < sw - 10; i += 10) {
                g.drawLine(x0 + i, y0 - (i % 20 == 0 ? 20 : 0), x0 + i + 10, y0 - (i % 20 == 0 ? 0 : 20));
            }
        }
        g.dispose();
        return new DocumentScene(png(img), w, h, doc);
    }

    /** A distinct photo-like test image (gradients and shapes) for {@code seed}; PNG unless {@code jpeg}. */
    public static byte[] photo(int seed, int w, int h, boolean jpeg) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        Random r = new Random(seed);
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(r.nextInt(0xffffff)), w, h, new Color(r.nextInt(0xffffff))));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(r.nextInt(0xffffff)));
            g.fillOval(r.nextInt(w), r.nextInt(h), 10 + r.nextInt(w / 3 + 1), 10 + r.nextInt(h / 3 + 1));
        }
        g.dispose();
        return encode(img, jpeg ? "jpg" : "png");
    }

    /** Encodes an image with ImageIO ("png", "jpg", "bmp", "gif", "tiff"). */
    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] png(BufferedImage img) {
        return encode(img, "png");
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    private static void text(Graphics2D g, FakeImage content, String s, int x, int baseline, int size, boolean bold, int w, int h) {
        textAt(g, content, s, x, baseline, size, bold ? new Color(17, 24, 39) : new Color(55, 65, 81), w, h, bold);
    }

    private static void textAt(Graphics2D g, FakeImage content, String s, int x, int baseline, int size, Color color, int w, int h) {
        textAt(g, content, s, x, baseline, size, color, w, h, false);
    }

    private static void textAt(Graphics2D g, FakeImage content, String s, int x, int baseline, int size, Color color, int w, int h, boolean bold) {
        g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size));
        g.setColor(color);
        g.drawString(s, x, baseline);
        FontMetrics fm = g.getFontMetrics();
        int top = baseline - fm.getAscent();
        content.text(s, new Box((double) x / w, (double) top / h, (double) fm.stringWidth(s) / w, (double) (fm.getAscent() + fm.getDescent()) / h));
    }

    private static Box rect(Graphics2D g, int x, int y, int rw, int rh, Color fill, Color stroke, int w, int h) {
        g.setColor(fill);
        g.fillRoundRect(x, y, rw, rh, 8, 8);
        g.setColor(stroke);
        g.setStroke(new BasicStroke(2));
        g.drawRoundRect(x, y, rw, rh, 8, 8);
        return new Box((double) x / w, (double) y / h, (double) rw / w, (double) rh / h);
    }

    private static void drawIn(Graphics2D g, String s, Box b, int w, int h) {
        if (s.isEmpty()) {
            return;
        }
        int px = (int) (b.height() * h * 0.75);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, px)));
        g.setColor(Color.BLACK);
        g.drawString(s, (int) (b.left() * w), (int) ((b.top() + b.height() * 0.8) * h));
    }
}
