package dev.trae.ocr.testing;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import dev.trae.ocr.internal.Gray;
import dev.trae.ocr.internal.ImageOps;

/**
 * Renders text pages with a known ground truth and degrades them the way phone photos and cheap scans
 * are degraded: skew, impulse noise, shadows and uneven light, defocus blur, low resolution, dark borders.
 * Deterministic for a given seed. Test support shared by this module's tests, the OCR benchmark and the
 * demo; not part of the OCR API.
 *
 * <pre>{@code
 * PageGenerator.Page page = PageGenerator.render(List.of("Объем топлива: 12 450 литров"), "DejaVu Serif", 12, 300);
 * BufferedImage bad = PageGenerator.degrade(page.image(), Degradation.SHADOW, 42);
 * }</pre>
 */
public final class PageGenerator {

    /** Fonts with Cyrillic glyphs that Debian ships (fonts-dejavu, fonts-liberation, fonts-freefont-ttf). */
    private static final List<String> PREFERRED_FONTS = List.of(
            "DejaVu Serif", "DejaVu Sans", "Liberation Serif", "Liberation Sans", "FreeSerif", "FreeSans",
            "DejaVu Sans Mono", "Liberation Mono");

    /** Ways a page is spoiled. */
    public enum Degradation {
        /** As rendered. */
        CLEAN,
        /** Rotated by 3 to 5 degrees either way. */
        SKEW,
        /** Salt-and-pepper impulse noise on 4 to 8 % of the pixels. */
        NOISE,
        /** A strong light gradient and a soft dark shadow across the page. */
        SHADOW,
        /** Defocus: Gaussian blur with sigma 1.8 to 2.4 pixels at 300 DPI. */
        BLUR,
        /** Downsampled to 100 to 120 DPI. */
        LOW_RES,
        /** A badly lit, slightly defocused, skewed photo of a page with dark edges and some noise. */
        COMBINED,
        /** Turned by 90 degrees. */
        ROTATED_90,
        /** Upside down. */
        ROTATED_180
    }

    /** A rendered page: the image, the lines drawn on it and its resolution. */
    public static final class Page {
        private final BufferedImage image;
        private final List<String> lines;
        private final int dpi;

        Page(BufferedImage image, List<String> lines, int dpi) {
            this.image = image;
            this.lines = List.copyOf(lines);
            this.dpi = dpi;
        }

        public BufferedImage image() {
            return image;
        }

        public List<String> lines() {
            return lines;
        }

        /** The ground truth: the lines joined with newlines. */
        public String groundTruth() {
            return String.join("\n", lines);
        }

        public int dpi() {
            return dpi;
        }
    }

    private PageGenerator() {
    }

    /** The preferred fonts that are installed and can draw Cyrillic, in a stable order. */
    public static List<String> availableFonts() {
        Set<String> installed = new HashSet<>(Arrays.asList(
                GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()));
        List<String> out = new ArrayList<>();
        for (String f : PREFERRED_FONTS) {
            if (installed.contains(f) && new Font(f, Font.PLAIN, 12).canDisplayUpTo("Ёжик їжак Ґ") == -1) {
                out.add(f);
            }
        }
        if (out.isEmpty()) {
            out.add(Font.SERIF);
        }
        return out;
    }

    /** Renders lines in black on white with the font at {@code pointSize} points and {@code dpi}. */
    public static Page render(List<String> lines, String fontFamily, float pointSize, int dpi) {
        float px = pointSize * dpi / 72f;
        Font font = new Font(fontFamily, Font.PLAIN, 1).deriveFont(px);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        int maxW = 0;
        for (String l : lines) {
            maxW = Math.max(maxW, fm.stringWidth(l));
        }
        pg.dispose();
        int margin = Math.round(dpi * 0.4f);
        int lineH = Math.round(px * 1.55f);
        int w = maxW + 2 * margin;
        int h = lines.size() * lineH + 2 * margin;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(new Color(20, 20, 20));
            g.setFont(font);
            int y = margin + fm.getAscent();
            for (String l : lines) {
                g.drawString(l, margin, y);
                y += lineH;
            }
        } finally {
            g.dispose();
        }
        return new Page(img, lines, dpi);
    }

    /** A page of {@code lineCount} sample lines of a language in a font, rendered at 300 DPI. */
    public static Page samplePage(SampleTexts.Language language, int lineCount, String fontFamily, float pointSize, long seed) {
        return render(SampleTexts.lines(language, lineCount, seed), fontFamily, pointSize, 300);
    }

    /** Applies one degradation; the result is a new 8-bit gray image. */
    public static BufferedImage degrade(BufferedImage image, Degradation d, long seed) {
        Random rnd = new Random(seed);
        Gray g = Gray.of(image);
        switch (d) {
            case CLEAN:
                break;
            case SKEW:
                g = g.rotate(sign(rnd) * (3 + 2 * rnd.nextDouble()));
                break;
            case NOISE:
                saltAndPepper(g, 0.04 + 0.04 * rnd.nextDouble(), rnd);
                break;
            case SHADOW:
                shadow(g, rnd, 0.25);
                break;
            case BLUR:
                g = ImageOps.gaussian(g, 1.8 + 0.6 * rnd.nextDouble());
                break;
            case LOW_RES: {
                double f = (100 + 20 * rnd.nextDouble()) / 300.0;
                g = g.resize((int) Math.round(g.w * f), (int) Math.round(g.h * f));
                break;
            }
            case COMBINED: {
                g = ImageOps.gaussian(g, 1.3);
                g = darkEdges(g, rnd);
                g = g.rotate(sign(rnd) * (3 + 1.5 * rnd.nextDouble()), 35);
                shadow(g, rnd, 0.35);
                gaussianNoise(g, 6, rnd);
                saltAndPepper(g, 0.01, rnd);
                double f = 0.6;
                g = g.resize((int) Math.round(g.w * f), (int) Math.round(g.h * f));
                break;
            }
            case ROTATED_90:
                g = g.rotate90(1);
                break;
            case ROTATED_180:
                g = g.rotate90(2);
                break;
            default:
                throw new IllegalArgumentException(String.valueOf(d));
        }
        return g.toImage();
    }

    private static int sign(Random rnd) {
        return rnd.nextBoolean() ? 1 : -1;
    }

    private static void saltAndPepper(Gray g, double fraction, Random rnd) {
        int n = (int) (g.p.length * fraction);
        for (int i = 0; i < n; i++) {
            g.p[rnd.nextInt(g.p.length)] = rnd.nextBoolean() ? 0 : 255;
        }
    }

    private static void gaussianNoise(Gray g, double sigma, Random rnd) {
        for (int i = 0; i < g.p.length; i++) {
            g.p[i] = (float) Math.max(0, Math.min(255, g.p[i] + rnd.nextGaussian() * sigma));
        }
    }

    /**
     * Uneven light as in a phone photo: the ink is grey rather than black, a light gradient runs across the
     * page, and a hard-edged shadow (a hand, the phone) darkens part of it so much that its paper is darker
     * than the ink in the light: no single global threshold separates text from paper.
     */
    private static void shadow(Gray g, Random rnd, double minLight) {
        double angle = rnd.nextDouble() * Math.PI * 2;
        double dx = Math.cos(angle);
        double dy = Math.sin(angle);
        double diag = Math.hypot(g.w, g.h);
        // the shadow's edge: a line through a point in the middle third, with a soft penumbra
        double sa = rnd.nextDouble() * Math.PI * 2;
        double nx = Math.cos(sa);
        double ny = Math.sin(sa);
        double px = g.w * (0.35 + 0.3 * rnd.nextDouble());
        double py = g.h * (0.35 + 0.3 * rnd.nextDouble());
        double penumbra = Math.max(4, Math.min(g.w, g.h) * 0.03);
        for (int y = 0; y < g.h; y++) {
            for (int x = 0; x < g.w; x++) {
                double t = ((x - g.w / 2.0) * dx + (y - g.h / 2.0) * dy) / diag + 0.5;
                double light = 1.0 - 0.35 * Math.max(0, Math.min(1, t));
                double side = ((x - px) * nx + (y - py) * ny) / penumbra;
                double inShadow = 1 / (1 + Math.exp(-side));
                light *= 1.0 - (1.0 - minLight) * inShadow;
                double v = 70 + g.p[y * g.w + x] * (235 - 70) / 255.0; // grey ink on off-white paper
                g.p[y * g.w + x] = (float) (v * light);
            }
        }
    }

    /** The page photographed on a dark table: dark bands of random width along some edges. */
    private static Gray darkEdges(Gray g, Random rnd) {
        int pad = Math.max(10, g.w / 40);
        Gray out = new Gray(g.w + 2 * pad, g.h + 2 * pad);
        Arrays.fill(out.p, 35f);
        int ox = pad - rnd.nextInt(pad / 2 + 1);
        int oy = pad - rnd.nextInt(pad / 2 + 1);
        for (int y = 0; y < g.h; y++) {
            for (int x = 0; x < g.w; x++) {
                int nx = x + ox;
                int ny = y + oy;
                if (nx >= 0 && ny >= 0 && nx < out.w && ny < out.h) {
                    out.p[ny * out.w + nx] = g.p[y * g.w + x];
                }
            }
        }
        return out;
    }
}
