package dev.trae.ocr.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Straightens bent text lines with a text-line model of its own (pure Java). Thread-safe (stateless).
 *
 * <p>How: ink is binarised and smeared along rows by about one glyph width, so that the words of a line join;
 * each long enough smeared piece is a line. Along every line the ink's centre height is sampled every half glyph
 * and a cubic is fitted to it. The vertical disparity at a column is how far each line is, there, from its height
 * at the line's own middle; between lines it is interpolated linearly by height, above the first and below the
 * last line it is held. The image is then remapped, column by column, so that every line is level. Unlike
 * Leptonica's dewarping it takes lines of any length (forms have short lines) and a handful of them.
 */
public final class TextLineDewarp {
    private TextLineDewarp() {
    }

    /** One fitted line: y = c0 + c1 t + c2 t^2 + c3 t^3 with t = (x - mid) / half, valid for x in [x0, x1]. */
    record Line(double x0, double x1, double mid, double half, double[] c, double yMid) {
        double y(double x) {
            double t = (Math.max(x0, Math.min(x1, x)) - mid) / half;
            return c[0] + t * (c[1] + t * (c[2] + t * c[3]));
        }

        /** How far the line strays from the chord between its ends (its bending). */
        double bend() {
            double y0 = y(x0);
            double y1 = y(x1);
            double worst = 0;
            for (int i = 1; i < 20; i++) {
                double x = x0 + (x1 - x0) * i / 20.0;
                double chord = y0 + (y1 - y0) * i / 20.0;
                worst = Math.max(worst, Math.abs(y(x) - chord));
            }
            return worst;
        }
    }

    /**
     * The straightened image, or null when there are too few text lines or they do not bend (then the page is
     * left as it is).
     *
     * @param g a flattened grey page (dark ink on light paper)
     */
    public static Gray dewarp(Gray g) {
        boolean[] ink = ImageOps.threshold(g, 150);
        ImageOps.Components glyphs = ImageOps.components(ink, g.w, g.h);
        double glyph = ImageOps.medianGlyphHeight(glyphs, g.w, g.h);
        if (glyph <= 0) {
            return null;
        }
        List<Line> lines = lines(g, ink, glyph);
        if (lines.size() < 3) {
            return null;
        }
        double maxBend = 0;
        for (Line l : lines) {
            maxBend = Math.max(maxBend, l.bend());
        }
        if (maxBend < 0.25 * glyph) {
            return null; // straight lines (skew is the deskew step's job)
        }
        lines.sort((a, b) -> Double.compare(a.yMid, b.yMid));
        // disparity on a grid of columns, interpolated by height between the lines that cover the column
        int step = Math.max(4, (int) Math.round(glyph / 3));
        int cols = g.w / step + 2;
        Gray out = new Gray(g.w, g.h);
        double[][] disp = new double[cols][];
        double[][] ref = new double[cols][];
        for (int ci = 0; ci < cols; ci++) {
            double x = Math.min(g.w - 1, ci * step);
            List<double[]> pts = new ArrayList<>();
            for (Line l : lines) {
                // beyond a line's ends its cubic is held flat for a short distance only
                if (x >= l.x0 - 2 * glyph && x <= l.x1 + 2 * glyph) {
                    pts.add(new double[] {l.yMid, l.y(x) - l.yMid});
                }
            }
            if (pts.isEmpty()) {
                pts.add(new double[] {0, 0});
            }
            ref[ci] = new double[pts.size()];
            disp[ci] = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                ref[ci][i] = pts.get(i)[0];
                disp[ci][i] = pts.get(i)[1];
            }
        }
        for (int x = 0; x < g.w; x++) {
            int ci = x / step;
            double f = (x - ci * step) / (double) step;
            for (int y = 0; y < g.h; y++) {
                double d = disparity(ref[ci], disp[ci], y) * (1 - f) + disparity(ref[Math.min(cols - 1, ci + 1)], disp[Math.min(cols - 1, ci + 1)], y) * f;
                double sy = y + d;
                int y0 = (int) Math.floor(sy);
                double fy = sy - y0;
                float a = y0 >= 0 && y0 < g.h ? g.p[y0 * g.w + x] : 255f;
                float b = y0 + 1 >= 0 && y0 + 1 < g.h ? g.p[(y0 + 1) * g.w + x] : 255f;
                out.p[y * g.w + x] = (float) (a + (b - a) * fy);
            }
        }
        return out;
    }

    private static double disparity(double[] ref, double[] disp, double y) {
        if (y <= ref[0]) {
            return disp[0];
        }
        for (int i = 1; i < ref.length; i++) {
            if (y <= ref[i]) {
                double t = (y - ref[i - 1]) / Math.max(1e-6, ref[i] - ref[i - 1]);
                return disp[i - 1] + (disp[i] - disp[i - 1]) * t;
            }
        }
        return disp[ref.length - 1];
    }

    /** Text lines: rows smeared by about a glyph width, pieces at least 6 glyphs long, a cubic through each. */
    static List<Line> lines(Gray g, boolean[] ink, double glyph) {
        int gap = (int) Math.round(glyph * 1.2);
        boolean[] smear = new boolean[ink.length];
        for (int y = 0; y < g.h; y++) {
            int o = y * g.w;
            int last = -1;
            for (int x = 0; x < g.w; x++) {
                if (ink[o + x]) {
                    if (last >= 0 && x - last <= gap) {
                        for (int k = last + 1; k < x; k++) {
                            smear[o + k] = true;
                        }
                    }
                    smear[o + x] = true;
                    last = x;
                }
            }
        }
        ImageOps.Components pieces = ImageOps.components(smear, g.w, g.h);
        List<Line> out = new ArrayList<>();
        int sample = Math.max(2, (int) Math.round(glyph / 2));
        for (ImageOps.Component c : pieces.list) {
            if (c.width() < 6 * glyph || c.height() > 4 * glyph || c.height() < 0.5 * glyph) {
                continue;
            }
            List<double[]> pts = new ArrayList<>();
            for (int x = c.minX; x <= c.maxX; x += sample) {
                double sy = 0;
                int n = 0;
                for (int xx = x; xx < Math.min(c.maxX + 1, x + sample); xx++) {
                    for (int y = c.minY; y <= c.maxY; y++) {
                        int i = y * g.w + xx;
                        if (ink[i] && pieces.labels[i] == c.label) {
                            sy += y;
                            n++;
                        }
                    }
                }
                if (n > 0) {
                    pts.add(new double[] {x + sample / 2.0, sy / n});
                }
            }
            if (pts.size() < 8) {
                continue;
            }
            double mid = (c.minX + c.maxX) / 2.0;
            double half = Math.max(1, (c.maxX - c.minX) / 2.0);
            double[] coef = fitCubic(pts, mid, half);
            if (coef == null) {
                continue;
            }
            out.add(new Line(c.minX, c.maxX, mid, half, coef, coef[0]));
        }
        return out;
    }

    /** Least-squares cubic in t = (x - mid) / half, with one pass that drops points more than 2.5 sigma off. */
    static double[] fitCubic(List<double[]> pts, double mid, double half) {
        boolean[] use = new boolean[pts.size()];
        java.util.Arrays.fill(use, true);
        double[] c = null;
        for (int pass = 0; pass < 2; pass++) {
            double[][] m = new double[4][5];
            for (int i = 0; i < pts.size(); i++) {
                if (!use[i]) {
                    continue;
                }
                double t = (pts.get(i)[0] - mid) / half;
                double[] f = {1, t, t * t, t * t * t};
                for (int r = 0; r < 4; r++) {
                    for (int k = 0; k < 4; k++) {
                        m[r][k] += f[r] * f[k];
                    }
                    m[r][4] += f[r] * pts.get(i)[1];
                }
            }
            c = Linear.solve(m);
            if (c == null) {
                return null;
            }
            double ss = 0;
            int n = 0;
            for (int i = 0; i < pts.size(); i++) {
                if (use[i]) {
                    double r = residual(c, pts.get(i), mid, half);
                    ss += r * r;
                    n++;
                }
            }
            double sigma = Math.sqrt(ss / Math.max(1, n));
            for (int i = 0; i < pts.size(); i++) {
                use[i] = Math.abs(residual(c, pts.get(i), mid, half)) <= Math.max(1, 2.5 * sigma);
            }
        }
        return c;
    }

    private static double residual(double[] c, double[] p, double mid, double half) {
        double t = (p[0] - mid) / half;
        return p[1] - (c[0] + t * (c[1] + t * (c[2] + t * c[3])));
    }
}
