package dev.trae.ocr.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Straightens bent text lines with one smooth model of the whole page (pure Java). Thread-safe (stateless).
 *
 * <p>How: ink is binarised and smeared along rows by about one glyph width, so that the words of a line join;
 * each long enough smeared piece is (part of) a line, and along it the ink's centre height is sampled every half
 * glyph (columns where the piece is taller than two lines are skipped: lines that touch). All samples together fit
 * one vertical disparity surface {@code d(x, y) = sum_j Y_j(y) D_j(x)}: {@code D_j} are cubic B-splines over the
 * text's width, {@code Y_j} are 1, y and y² (fewer with few lines). Every piece keeps a height of its own (its
 * offset is eliminated by taking each piece's samples relative to their mean), so a line broken into two pieces,
 * or a short line of a form, constrains the shape without needing its neighbours; one pass drops samples more
 * than 2.5 sigma off (descenders, punctuation). The page is remapped column by column, {@code out(x, y) =
 * in(x, y + d(x, y))}; outside the text's width the disparity is held. A piece-by-piece model (each line's own
 * cubic, interpolated between lines) was the first version: wherever a line broke into pieces, each piece was
 * levelled to its own middle, which cut the line into steps.
 */
public final class TextLineDewarp {
    private TextLineDewarp() {
    }

    /** The samples of one smeared piece: x and the ink's centre height. */
    record Piece(double[] x, double[] y, double meanY) {
    }

    /**
     * The straightened image, or null when there are too few text lines or they do not bend (then the page is
     * left as it is).
     *
     * @param g a flattened grey page (dark ink on light paper)
     */
    public static Gray dewarp(Gray g) {
        Model m = model(g);
        return m == null ? null : m.apply(g);
    }

    /** The fitted disparity, or null when the lines are too few or straight. */
    static Model model(Gray g) {
        boolean[] ink = ImageOps.threshold(g, 150);
        ImageOps.Components glyphs = ImageOps.components(ink, g.w, g.h);
        double glyph = ImageOps.medianGlyphHeight(glyphs, g.w, g.h);
        if (glyph <= 0) {
            return null;
        }
        List<Piece> pieces = pieces(g, ink, glyph);
        if (pieces.size() < 3) {
            return null;
        }
        double xmin = Double.MAX_VALUE;
        double xmax = -Double.MAX_VALUE;
        int samples = 0;
        for (Piece p : pieces) {
            xmin = Math.min(xmin, p.x[0]);
            xmax = Math.max(xmax, p.x[p.x.length - 1]);
            samples += p.x.length;
        }
        if (xmax - xmin < 8 * glyph) {
            return null;
        }
        int segments = (int) Math.max(2, Math.min(8, Math.round((xmax - xmin) / (10 * glyph))));
        int ny = pieces.size() >= 8 ? 3 : 2;
        Model m = new Model(xmin, xmax, segments, ny, g.h);
        int k = m.basisCount();
        int n = k * ny;
        // normal equations of (y - mean_piece y) = sum_c a_c (phi_c - mean_piece phi_c), two passes (outliers out)
        boolean[][] use = new boolean[pieces.size()][];
        for (int i = 0; i < pieces.size(); i++) {
            use[i] = new boolean[pieces.get(i).x.length];
            java.util.Arrays.fill(use[i], true);
        }
        double[] a = null;
        double[] phi = new double[n];
        for (int pass = 0; pass < 2; pass++) {
            double[][] ata = new double[n][n + 1];
            for (int pi = 0; pi < pieces.size(); pi++) {
                Piece p = pieces.get(pi);
                double[] meanPhi = new double[n];
                double meanY = 0;
                int cnt = 0;
                for (int s = 0; s < p.x.length; s++) {
                    if (use[pi][s]) {
                        m.features(p.x[s], p.meanY, phi);
                        for (int c = 0; c < n; c++) {
                            meanPhi[c] += phi[c];
                        }
                        meanY += p.y[s];
                        cnt++;
                    }
                }
                if (cnt < 4) {
                    continue;
                }
                for (int c = 0; c < n; c++) {
                    meanPhi[c] /= cnt;
                }
                meanY /= cnt;
                for (int s = 0; s < p.x.length; s++) {
                    if (!use[pi][s]) {
                        continue;
                    }
                    m.features(p.x[s], p.meanY, phi);
                    for (int c = 0; c < n; c++) {
                        phi[c] -= meanPhi[c];
                    }
                    double r = p.y[s] - meanY;
                    for (int r1 = 0; r1 < n; r1++) {
                        for (int c = 0; c < n; c++) {
                            ata[r1][c] += phi[r1] * phi[c];
                        }
                        ata[r1][n] += phi[r1] * r;
                    }
                }
            }
            // a constant in x is not identifiable (each piece has its own height): a small ridge picks the least one
            double trace = 0;
            for (int c = 0; c < n; c++) {
                trace += ata[c][c];
            }
            for (int c = 0; c < n; c++) {
                ata[c][c] += 1e-4 * trace / n + 1e-9;
            }
            a = Linear.solve(ata);
            if (a == null) {
                return null;
            }
            m.coef = a;
            // residuals against each piece's own level, then drop samples far off
            double ss = 0;
            int cnt = 0;
            double[][] res = new double[pieces.size()][];
            for (int pi = 0; pi < pieces.size(); pi++) {
                Piece p = pieces.get(pi);
                res[pi] = new double[p.x.length];
                double level = 0;
                int c = 0;
                for (int s = 0; s < p.x.length; s++) {
                    res[pi][s] = p.y[s] - m.disparity(p.x[s], p.meanY);
                    if (use[pi][s]) {
                        level += res[pi][s];
                        c++;
                    }
                }
                level /= Math.max(1, c);
                for (int s = 0; s < p.x.length; s++) {
                    res[pi][s] -= level;
                    if (use[pi][s]) {
                        ss += res[pi][s] * res[pi][s];
                        cnt++;
                    }
                }
            }
            double sigma = Math.sqrt(ss / Math.max(1, cnt));
            for (int pi = 0; pi < pieces.size(); pi++) {
                for (int s = 0; s < res[pi].length; s++) {
                    use[pi][s] = Math.abs(res[pi][s]) <= Math.max(1, 2.5 * sigma);
                }
            }
        }
        if (samples < 8 * ny) {
            return null;
        }
        // how much the lines bend: the largest departure of d from its chord across the text, over the lines' heights
        double bend = 0;
        for (Piece p : pieces) {
            double d0 = m.disparity(xmin, p.meanY);
            double d1 = m.disparity(xmax, p.meanY);
            for (int i = 1; i < 32; i++) {
                double x = xmin + (xmax - xmin) * i / 32.0;
                double chord = d0 + (d1 - d0) * i / 32.0;
                bend = Math.max(bend, Math.abs(m.disparity(x, p.meanY) - chord));
            }
        }
        if (bend < 0.25 * glyph) {
            return null; // straight lines (skew is the deskew step's job)
        }
        return m;
    }

    /** The disparity surface: cubic B-splines in x times 1, y, y² (y centred and scaled by the page height). */
    static final class Model {
        final double x0;
        final double x1;
        final int segments;
        final int ny;
        final double h;
        double[] coef;

        Model(double x0, double x1, int segments, int ny, double h) {
            this.x0 = x0;
            this.x1 = x1;
            this.segments = segments;
            this.ny = ny;
            this.h = h;
        }

        int basisCount() {
            return segments + 3;
        }

        /** The B-spline values at x (held outside [x0, x1]) into {@code b}. */
        void basis(double x, double[] b) {
            java.util.Arrays.fill(b, 0, basisCount(), 0);
            double u = (Math.max(x0, Math.min(x1, x)) - x0) / (x1 - x0) * segments;
            int span = Math.min(segments - 1, (int) Math.floor(u));
            double t = u - span;
            double t2 = t * t;
            double t3 = t2 * t;
            double s = 1 - t;
            b[span] = s * s * s / 6;
            b[span + 1] = (3 * t3 - 6 * t2 + 4) / 6;
            b[span + 2] = (-3 * t3 + 3 * t2 + 3 * t + 1) / 6;
            b[span + 3] = t3 / 6;
        }

        void features(double x, double y, double[] out) {
            int k = basisCount();
            double[] b = new double[k];
            basis(x, b);
            double yy = (y - h / 2) / h;
            double yj = 1;
            for (int j = 0; j < ny; j++) {
                for (int c = 0; c < k; c++) {
                    out[j * k + c] = b[c] * yj;
                }
                yj *= yy;
            }
        }

        double disparity(double x, double y) {
            int n = basisCount() * ny;
            double[] f = new double[n];
            features(x, y, f);
            double d = 0;
            for (int c = 0; c < n; c++) {
                d += f[c] * coef[c];
            }
            return d;
        }

        /** Remaps {@code g} so that every line is level: out(x, y) = in(x, y + d(x, y) - d(x_ref, y)). */
        Gray apply(Gray g) {
            int k = basisCount();
            double[][] dj = new double[ny][g.w]; // per column, the factor of each power of y
            double[] b = new double[k];
            double[] ref = new double[ny];
            basis((x0 + x1) / 2, b);
            for (int j = 0; j < ny; j++) {
                for (int c = 0; c < k; c++) {
                    ref[j] += b[c] * coef[j * k + c];
                }
            }
            for (int x = 0; x < g.w; x++) {
                basis(x, b);
                for (int j = 0; j < ny; j++) {
                    double s = 0;
                    for (int c = 0; c < k; c++) {
                        s += b[c] * coef[j * k + c];
                    }
                    dj[j][x] = s - ref[j]; // the text's middle column stays where it is
                }
            }
            Gray out = new Gray(g.w, g.h);
            for (int y = 0; y < g.h; y++) {
                double yy = (y - h / 2) / h;
                for (int x = 0; x < g.w; x++) {
                    double d = dj[0][x];
                    if (ny > 1) {
                        d += yy * dj[1][x];
                    }
                    if (ny > 2) {
                        d += yy * yy * dj[2][x];
                    }
                    double sy = y + d;
                    int y0 = (int) Math.floor(sy);
                    float fy = (float) (sy - y0);
                    float va = y0 >= 0 && y0 < g.h ? g.p[y0 * g.w + x] : 255f;
                    float vb = y0 + 1 >= 0 && y0 + 1 < g.h ? g.p[(y0 + 1) * g.w + x] : 255f;
                    out.p[y * g.w + x] = va + (vb - va) * fy;
                }
            }
            return out;
        }
    }

    /**
     * Pieces of text lines: rows smeared by about a glyph width, pieces at least 6 glyphs long, the ink's centre
     * height every half glyph (skipping columns where the piece spans more than two glyph heights).
     */
    static List<Piece> pieces(Gray g, boolean[] ink, double glyph) {
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
        ImageOps.Components comps = ImageOps.components(smear, g.w, g.h);
        List<Piece> out = new ArrayList<>();
        int sample = Math.max(2, (int) Math.round(glyph / 2));
        for (ImageOps.Component c : comps.list) {
            if (c.width() < 6 * glyph || c.height() < 0.5 * glyph) {
                continue;
            }
            List<double[]> pts = new ArrayList<>();
            for (int x = c.minX; x <= c.maxX; x += sample) {
                double sy = 0;
                int n = 0;
                int top = Integer.MAX_VALUE;
                int bottom = -1;
                for (int xx = x; xx < Math.min(c.maxX + 1, x + sample); xx++) {
                    for (int y = c.minY; y <= c.maxY; y++) {
                        int i = y * g.w + xx;
                        if (comps.labels[i] == c.label) {
                            top = Math.min(top, y);
                            bottom = Math.max(bottom, y);
                            if (ink[i]) {
                                sy += y;
                                n++;
                            }
                        }
                    }
                }
                if (n > 0 && bottom - top <= 2 * glyph) {
                    pts.add(new double[] {x + sample / 2.0, sy / n});
                }
            }
            if (pts.size() < 8) {
                continue;
            }
            double[] px = new double[pts.size()];
            double[] py = new double[pts.size()];
            double mean = 0;
            for (int i = 0; i < pts.size(); i++) {
                px[i] = pts.get(i)[0];
                py[i] = pts.get(i)[1];
                mean += py[i];
            }
            out.add(new Piece(px, py, mean / pts.size()));
        }
        return out;
    }
}
