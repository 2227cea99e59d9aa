package dev.trae.ocr.internal;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Finds the outline of a sheet of paper in a photo: the quadrilateral of a page lying on a darker surface.
 * Thread-safe (stateless).
 *
 * <p>How: on a copy about {@value #WORK} pixels across, blurred so that text and desk texture fade, the page is
 * told from the desk by brightness in the logarithmic domain, where uneven light is an additive ramp: an
 * Otsu threshold and a plane fit (one level for the page, one for the desk, one common slope) alternate three
 * times, so that a light gradient across the whole photo does not cut the page in two. The largest bright
 * region with its holes (the text) filled is the page; its corners start as the extreme points in the four
 * diagonal directions, and each side is then a robust straight-line fit to the region's boundary between two
 * corners; the corners are the intersections of the sides. Confidence combines how well the region fills
 * its quadrilateral, how straight the sides are and the contrast across them.
 */
public final class PageFinder {
    static final int WORK = 640;

    /**
     * The outcome.
     *
     * @param found       whether a page inside the frame was found (false: use the whole image)
     * @param x           corner x, top-left, top-right, bottom-right, bottom-left, in input pixels (empty if not found)
     * @param y           corner y, same order
     * @param confidence  0 to 1
     * @param touchesEdge sides of the page that lie on the frame (the page is cut off there)
     * @param note        what was found, for the preprocess report
     */
    public record Outline(boolean found, double[] x, double[] y, double confidence, int touchesEdge, String note) {
        static Outline none(String note, double confidence) {
            return new Outline(false, new double[0], new double[0], confidence, 0, note);
        }

        /** Width and height of the rectified page: the longer of each pair of opposite sides. */
        public int[] size() {
            double top = Math.hypot(x[1] - x[0], y[1] - y[0]);
            double bottom = Math.hypot(x[2] - x[3], y[2] - y[3]);
            double left = Math.hypot(x[3] - x[0], y[3] - y[0]);
            double right = Math.hypot(x[2] - x[1], y[2] - y[1]);
            return new int[] {(int) Math.round(Math.max(top, bottom)), (int) Math.round(Math.max(left, right))};
        }
    }

    private PageFinder() {
    }

    /**
     * Finds the page in {@code g}; never null. A quick look on a copy about {@value #QUICK} pixels across, sampled
     * rather than averaged over every pixel, settles most scans (nothing darker than paper around the page, or a
     * bright region that fills the frame) for well under a millisecond of CPU; only images that may be photos are
     * searched at {@value #WORK} pixels.
     */
    public static Outline find(Gray g) {
        if (Math.max(g.w, g.h) > 2 * QUICK) {
            Outline quick = find(g, QUICK, true);
            if (quick != CANDIDATE) {
                return quick;
            }
        }
        return find(g, WORK, false);
    }

    /** The quick look's answer when the image may hold a page inside a larger frame: look closer. */
    private static final Outline CANDIDATE = Outline.none("candidate", 0);

    /** The size of the quick look: enough to tell paper filling the frame from paper on a desk. */
    static final int QUICK = 160;

    /**
     * @param work  the size of the working copy (its longer side)
     * @param quick a quick look: answers only "no page" for scan-like images, {@link #CANDIDATE} otherwise
     */
    private static Outline find(Gray g, int work, boolean quick) {
        double s = Math.min(1, work / (double) Math.max(g.w, g.h));
        int sw = Math.max(8, (int) Math.round(g.w * s));
        int shh = Math.max(8, (int) Math.round(g.h * s));
        Gray small = s >= 1 ? g.copy() : quick ? sampled(g, sw, shh) : g.resize(sw, shh);
        int w = small.w;
        int h = small.h;
        if (w < 32 || h < 32) {
            if (quick) {
                return CANDIDATE;
            }
            return Outline.none("image too small to look for a page", 0);
        }
        Gray sharp = small;
        small = ImageOps.gaussian(small, 1.5 * work / WORK);
        float[] lg = new float[w * h];
        for (int i = 0; i < lg.length; i++) {
            lg[i] = (float) Math.log(8 + small.p[i]);
        }
        boolean[] bright = new boolean[w * h];
        double[] fit = {0, 0, 0, 0}; // page level, desk level, slope x, slope y
        float[] d = new float[w * h];
        double sep = 0;
        for (int iter = 0; iter < 3; iter++) {
            for (int y = 0, i = 0; y < h; y++) {
                double ry = fit[3] * ((y - h / 2.0) / h);
                for (int x = 0; x < w; x++, i++) {
                    d[i] = (float) (lg[i] - fit[2] * ((x - w / 2.0) / w) - ry);
                }
            }
            double t = otsu(d);
            for (int i = 0; i < d.length; i++) {
                bright[i] = d[i] > t;
            }
            fit = planeFit(lg, bright, w, h);
            sep = fit[0] - fit[1];
        }
        if (sep < 0.25) {
            // less than about 30 % brighter than its surroundings: no page to tell apart (a scan, or a dark photo)
            return Outline.none("no page found (no surface darker than paper around it), used the whole image", 0);
        }
        // the largest bright region, holes filled
        ImageOps.Components cc = ImageOps.components(bright, w, h);
        ImageOps.Component best = null;
        for (ImageOps.Component c : cc.list) {
            if (best == null || c.area > best.area) {
                best = c;
            }
        }
        if (best == null || best.area < 0.12 * w * h) {
            if (quick) {
                return CANDIDATE;
            }
            return Outline.none("no page found (no bright region large enough), used the whole image", 0);
        }
        boolean[] region = fillHoles(cc.labels, best.label, w, h);
        int area = 0;
        for (boolean b : region) {
            if (b) {
                area++;
            }
        }
        if (area > 0.97 * w * h) {
            return Outline.none("the page fills the frame (a scan), used the whole image", 1);
        }
        if (quick) {
            // paper along three or four sides of the frame: a scan (or a page cut off all round; the full search
            // would say the same from the sides it fits)
            int sides = 0;
            int[] along = {0, 0, 0, 0};
            for (int x = 0; x < w; x++) {
                along[0] += region[w + x] ? 1 : 0;
                along[2] += region[(h - 2) * w + x] ? 1 : 0;
            }
            for (int y = 0; y < h; y++) {
                along[1] += region[y * w + w - 2] ? 1 : 0;
                along[3] += region[y * w + 1] ? 1 : 0;
            }
            for (int k = 0; k < 4; k++) {
                sides += along[k] > (k % 2 == 0 ? w : h) / 2 ? 1 : 0;
            }
            return sides >= 3 ? Outline.none("the page fills the frame (a scan), used the whole image", 1) : CANDIDATE;
        }
        // boundary extremes: per column the top and bottom, per row the left and right
        int[] top = new int[w];
        int[] bottom = new int[w];
        int[] left = new int[h];
        int[] right = new int[h];
        Arrays.fill(top, -1);
        Arrays.fill(left, -1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (region[y * w + x]) {
                    if (top[x] < 0) {
                        top[x] = y;
                    }
                    bottom[x] = y;
                    if (left[y] < 0) {
                        left[y] = x;
                    }
                    right[y] = x;
                }
            }
        }
        double[][] corner = new double[4][];
        double[] bestScore = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[][] dir = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        for (int x = 0; x < w; x++) {
            if (top[x] < 0) {
                continue;
            }
            for (int yy : new int[] {top[x], bottom[x]}) {
                for (int k = 0; k < 4; k++) {
                    double sc = dir[k][0] * x + dir[k][1] * yy;
                    if (sc > bestScore[k]) {
                        bestScore[k] = sc;
                        corner[k] = new double[] {x, yy};
                    }
                }
            }
        }
        // sides: robust lines through the boundary points between the rough corners (the middle 80 %)
        double[][] lines = new double[4][];
        double residual = 0;
        int[] onEdge = new int[4];
        for (int k = 0; k < 4; k++) {
            double[] a = corner[k];
            double[] b = corner[(k + 1) % 4];
            boolean horizontal = k % 2 == 0; // top (0) and bottom (2) run along x
            int n = 0;
            double[] px;
            double[] py;
            if (horizontal) {
                int x0 = (int) Math.min(a[0], b[0]);
                int x1 = (int) Math.max(a[0], b[0]);
                int m = (x1 - x0) / 10;
                px = new double[x1 - x0 + 1];
                py = new double[x1 - x0 + 1];
                for (int x = x0 + m; x <= x1 - m; x++) {
                    if (top[x] >= 0) {
                        px[n] = x;
                        py[n] = k == 0 ? top[x] : bottom[x];
                        if (py[n] <= 1 || py[n] >= h - 2) {
                            onEdge[k]++;
                        }
                        n++;
                    }
                }
            } else {
                int y0 = (int) Math.min(a[1], b[1]);
                int y1 = (int) Math.max(a[1], b[1]);
                int m = (y1 - y0) / 10;
                px = new double[y1 - y0 + 1];
                py = new double[y1 - y0 + 1];
                for (int y = y0 + m; y <= y1 - m; y++) {
                    if (left[y] >= 0) {
                        py[n] = y;
                        px[n] = k == 1 ? right[y] : left[y];
                        if (px[n] <= 1 || px[n] >= w - 2) {
                            onEdge[k]++;
                        }
                        n++;
                    }
                }
            }
            if (n < 8) {
                return Outline.none("no page found (a side of the bright region is too short), used the whole image", 0);
            }
            double[] line = robustLine(px, py, n, horizontal);
            lines[k] = line;
            residual = Math.max(residual, line[3]);
            onEdge[k] = onEdge[k] > n / 2 ? 1 : 0;
        }
        double[] qx = new double[4];
        double[] qy = new double[4];
        for (int k = 0; k < 4; k++) {
            // corner k is where side k-1 meets side k (corner 0, top-left: left side (3) and top side (0))
            double[] p = intersect(lines[(k + 3) % 4], lines[k]);
            if (p == null) {
                return Outline.none("no page found (sides do not meet), used the whole image", 0);
            }
            qx[k] = Math.max(-0.02 * w, Math.min(1.02 * w, p[0]));
            qy[k] = Math.max(-0.02 * h, Math.min(1.02 * h, p[1]));
        }
        double quadArea = Math.abs(shoelace(qx, qy));
        double fillRatio = area / Math.max(1, quadArea);
        int edges = onEdge[0] + onEdge[1] + onEdge[2] + onEdge[3];
        if (quadArea < 0.12 * w * h || !convex(qx, qy) || edges >= 3) {
            return Outline.none(edges >= 3 ? "the page fills the frame (a scan), used the whole image"
                    : "no page found (the bright region is not a quadrilateral), used the whole image", 0);
        }
        double fillScore = 1 - Math.min(1, Math.abs(1 - fillRatio) * 5);
        double straight = 1 - Math.min(1, residual / (0.01 * Math.hypot(w, h)));
        double contrast = Math.min(1, sep / 0.6);
        double confidence = Math.max(0, fillScore) * Math.max(0, straight) * contrast;
        if (confidence < 0.2) {
            return Outline.none(String.format(java.util.Locale.ROOT,
                    "no page found (best quadrilateral too uncertain, confidence %.2f), used the whole image", confidence), confidence);
        }
        // never a crop that drops text: ink outside the quadrilateral means it is not the page (a hard shadow
        // across the page, a second sheet); then the whole image is used
        int[] ink = inkInsideOutside(sharp, qx, qy);
        boolean widened = false;
        if (ink[1] > Math.max(20, 0.005 * ink[0])) {
            // a curled or bent sheet: its edges are not straight, so widen each side to take in the whole region
            double[][] q = widen(qx, qy, region, w, h);
            if (q != null && convex(q[0], q[1])) {
                int[] again = inkInsideOutside(sharp, q[0], q[1]);
                if (again[1] < ink[1]) {
                    qx = q[0];
                    qy = q[1];
                    ink = again;
                    widened = true;
                }
            }
        }
        if (ink[1] > Math.max(20, 0.005 * ink[0])) {
            return Outline.none(String.format(java.util.Locale.ROOT,
                    "a bright quadrilateral was found but text lies outside it (%d of %d ink pixels), used the whole image",
                    ink[1], ink[0] + ink[1]), confidence);
        }
        for (int k = 0; k < 4; k++) {
            qx[k] = Math.max(0, Math.min(g.w, qx[k] / s));
            qy[k] = Math.max(0, Math.min(g.h, qy[k] / s));
        }
        String note = String.format(java.util.Locale.ROOT, "page found, corners (%.0f,%.0f) (%.0f,%.0f) (%.0f,%.0f) (%.0f,%.0f), confidence %.2f%s",
                qx[0], qy[0], qx[1], qy[1], qx[2], qy[2], qx[3], qy[3], confidence,
                edges > 0 ? ", cut off at " + edges + " side(s) of the frame" : "") + (widened ? ", sides widened to a bent outline" : "");
        return new Outline(true, qx, qy, confidence, edges, note);
    }

    /**
     * A copy of {@code nw} x {@code nh}, each pixel the mean of up to 4 x 4 samples spread over its cell (not every
     * pixel: a 12-megapixel scan is read about 300 000 times instead of 12 million).
     */
    static Gray sampled(Gray g, int nw, int nh) {
        Gray out = new Gray(nw, nh);
        double sx = (double) g.w / nw;
        double sy = (double) g.h / nh;
        int kx = (int) Math.max(1, Math.min(4, Math.floor(sx)));
        int ky = (int) Math.max(1, Math.min(4, Math.floor(sy)));
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                float sum = 0;
                for (int j = 0; j < ky; j++) {
                    int yy = Math.min(g.h - 1, (int) ((y + (j + 0.5) / ky) * sy));
                    int o = yy * g.w;
                    for (int i = 0; i < kx; i++) {
                        sum += g.p[o + Math.min(g.w - 1, (int) ((x + (i + 0.5) / kx) * sx))];
                    }
                }
                out.p[y * nw + x] = sum / (kx * ky);
            }
        }
        return out;
    }

    /**
     * The quadrilateral with each side moved outwards, parallel, just far enough that every pixel of the region
     * lies inside: {x, y} of the new corners, or null if two sides no longer meet.
     */
    static double[][] widen(double[] qx, double[] qy, boolean[] region, int w, int h) {
        double sign = Math.signum(shoelace(qx, qy));
        double[] shift = new double[4];
        for (int y = 0; y < h; y += 2) {
            for (int x = 0; x < w; x += 2) {
                if (!region[y * w + x]) {
                    continue;
                }
                for (int k = 0; k < 4; k++) {
                    double ax = qx[(k + 1) % 4] - qx[k];
                    double ay = qy[(k + 1) % 4] - qy[k];
                    double d = sign * (ax * (y - qy[k]) - ay * (x - qx[k])) / Math.max(1e-9, Math.hypot(ax, ay));
                    shift[k] = Math.max(shift[k], -d);
                }
            }
        }
        double[][] lines = new double[4][];
        for (int k = 0; k < 4; k++) {
            double ax = qx[(k + 1) % 4] - qx[k];
            double ay = qy[(k + 1) % 4] - qy[k];
            double len = Math.max(1e-9, Math.hypot(ax, ay));
            // outward normal: opposite to the inward one (sign * (-ay, ax) / len)
            double nx = sign * ay / len;
            double ny = -sign * ax / len;
            double px = qx[k] + nx * (shift[k] + 1);
            double py = qy[k] + ny * (shift[k] + 1);
            // line through (px, py) with normal (nx, ny): nx*x + ny*y = c
            lines[k] = new double[] {nx, ny, nx * px + ny * py};
        }
        double[] ox = new double[4];
        double[] oy = new double[4];
        for (int k = 0; k < 4; k++) {
            double[] p = intersect(lines[(k + 3) % 4], lines[k]);
            if (p == null) {
                return null;
            }
            ox[k] = Math.max(-0.02 * w, Math.min(1.02 * w, p[0]));
            oy[k] = Math.max(-0.02 * h, Math.min(1.02 * h, p[1]));
        }
        return new double[][] {ox, oy};
    }

    /**
     * Ink pixels inside the quadrilateral and more than 5 pixels outside it: {inside, outside}. A pixel is ink when
     * it is much darker than the brightest pixel within 3 on both sides of it, left and right or above and below: a
     * stroke with paper around it, even paper in shadow. The edge of the page against a darker desk is not ink (it
     * has paper on one side only); counting it made the tip of a curled corner, which the bright region's outline
     * misses by a few pixels, look like text outside the page.
     */
    static int[] inkInsideOutside(Gray g, double[] qx, double[] qy) {
        int w = g.w;
        int h = g.h;
        int r = 3;
        // the brightest within r before and after each pixel, along rows and along columns (the pixel excluded)
        float[] left = new float[w * h];
        float[] right = new float[w * h];
        float[] up = new float[w * h];
        float[] down = new float[w * h];
        // comparisons rather than Math.max (a call under C1): the samples are finite and the maxima start at +0,
        // so the results are the same
        float[] p = g.p;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float a = 0;
                float b = 0;
                for (int k = 1; k <= r; k++) {
                    float va = p[y * w + (x - k < 0 ? 0 : x - k)];
                    float vb = p[y * w + (x + k > w - 1 ? w - 1 : x + k)];
                    a = va > a ? va : a;
                    b = vb > b ? vb : b;
                }
                left[y * w + x] = a;
                right[y * w + x] = b;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float a = 0;
                float b = 0;
                for (int k = 1; k <= r; k++) {
                    float va = p[(y - k < 0 ? 0 : y - k) * w + x];
                    float vb = p[(y + k > h - 1 ? h - 1 : y + k) * w + x];
                    a = va > a ? va : a;
                    b = vb > b ? vb : b;
                }
                up[y * w + x] = a;
                down[y * w + x] = b;
            }
        }
        // inward unit normals of the sides (the quadrilateral is convex; orientation from the shoelace sign)
        double sign = Math.signum(shoelace(qx, qy));
        int inside = 0;
        int outside = 0;
        for (int y = r; y < h - r; y++) {
            for (int x = r; x < w - r; x++) {
                int i = y * w + x;
                float v = g.p[i];
                float m = Math.max(Math.min(left[i], right[i]), Math.min(up[i], down[i]));
                if (m - v <= 40 || v >= 0.7f * m) {
                    continue;
                }
                double dist = Double.MAX_VALUE; // signed distance to the nearest side, positive inside
                for (int k = 0; k < 4; k++) {
                    double ax = qx[(k + 1) % 4] - qx[k];
                    double ay = qy[(k + 1) % 4] - qy[k];
                    double len = Math.hypot(ax, ay);
                    double d = sign * (ax * (y - qy[k]) - ay * (x - qx[k])) / Math.max(1e-9, len);
                    dist = Math.min(dist, d);
                }
                if (dist >= 0) {
                    inside++;
                } else if (dist < -5) {
                    outside++;
                }
            }
        }
        return new int[] {inside, outside};
    }

    /** Otsu's threshold on float samples (256 bins between the minimum and the maximum). */
    static double otsu(float[] v) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        if (max - min < 1e-6) {
            return max;
        }
        int[] hist = new int[256];
        double scale = 255.0 / (max - min);
        for (float f : v) {
            hist[(int) ((f - min) * scale)]++;
        }
        int bestT = ImageOps.otsu(hist, v.length, 0);
        return min + (bestT + 0.5) / scale;
    }

    /** Least squares of lg = a*page + b*(1-page) + c*X + d*Y (X, Y centred and normalised): {a, b, c, d}. */
    static double[] planeFit(float[] lg, boolean[] page, int w, int h) {
        double[][] m = new double[4][5];
        double[] f = new double[4];
        for (int y = 0; y < h; y += 2) {
            double yy = (y - h / 2.0) / h;
            for (int x = 0; x < w; x += 2) {
                int i = y * w + x;
                f[0] = page[i] ? 1 : 0;
                f[1] = page[i] ? 0 : 1;
                f[2] = (x - w / 2.0) / w;
                f[3] = yy;
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 4; c++) {
                        m[r][c] += f[r] * f[c];
                    }
                    m[r][4] += f[r] * lg[i];
                }
            }
        }
        for (int r = 0; r < 4; r++) {
            m[r][r] += 1e-6;
        }
        double[] out = Linear.solve(m);
        return out == null ? new double[4] : out;
    }

    /** The region labelled {@code label} with every hole (anything not reachable from the frame) filled. */
    static boolean[] fillHoles(int[] labels, int label, int w, int h) {
        boolean[] outside = new boolean[w * h];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (int x = 0; x < w; x++) {
            seed(labels, label, outside, q, x);
            seed(labels, label, outside, q, (h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            seed(labels, label, outside, q, y * w);
            seed(labels, label, outside, q, y * w + w - 1);
        }
        while (!q.isEmpty()) {
            int i = q.poll();
            int x = i % w;
            int y = i / w;
            if (x > 0) {
                seed(labels, label, outside, q, i - 1);
            }
            if (x < w - 1) {
                seed(labels, label, outside, q, i + 1);
            }
            if (y > 0) {
                seed(labels, label, outside, q, i - w);
            }
            if (y < h - 1) {
                seed(labels, label, outside, q, i + w);
            }
        }
        boolean[] region = new boolean[w * h];
        for (int i = 0; i < region.length; i++) {
            region[i] = !outside[i];
        }
        return region;
    }

    private static void seed(int[] labels, int label, boolean[] outside, ArrayDeque<Integer> q, int i) {
        if (!outside[i] && labels[i] != label) {
            outside[i] = true;
            q.add(i);
        }
    }

    /**
     * A line fitted to points, dropping those far off it twice: {a, b, c, rms} with a*x + b*y = c and (a, b) a
     * unit normal. {@code horizontal} fits y over x, otherwise x over y.
     */
    static double[] robustLine(double[] px, double[] py, int n, boolean horizontal) {
        boolean[] use = new boolean[n];
        Arrays.fill(use, true);
        double k = 0;
        double c0 = 0;
        double rms = 0;
        for (int pass = 0; pass < 3; pass++) {
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!use[i]) {
                    continue;
                }
                double u = horizontal ? px[i] : py[i];
                double v = horizontal ? py[i] : px[i];
                sx += u;
                sy += v;
                sxx += u * u;
                sxy += u * v;
                m++;
            }
            double den = m * sxx - sx * sx;
            k = Math.abs(den) < 1e-9 ? 0 : (m * sxy - sx * sy) / den;
            c0 = (sy - k * sx) / Math.max(1, m);
            double ss = 0;
            for (int i = 0; i < n; i++) {
                if (use[i]) {
                    double r = (horizontal ? py[i] : px[i]) - (k * (horizontal ? px[i] : py[i]) + c0);
                    ss += r * r;
                }
            }
            rms = Math.sqrt(ss / Math.max(1, m));
            double limit = Math.max(1.5, 2 * rms);
            for (int i = 0; i < n; i++) {
                double r = (horizontal ? py[i] : px[i]) - (k * (horizontal ? px[i] : py[i]) + c0);
                use[i] = Math.abs(r) <= limit;
            }
        }
        // v = k*u + c0  ->  -k*u + v = c0, normalised
        double norm = Math.hypot(k, 1);
        return horizontal ? new double[] {-k / norm, 1 / norm, c0 / norm, rms} : new double[] {1 / norm, -k / norm, c0 / norm, rms};
    }

    static double[] intersect(double[] l1, double[] l2) {
        double det = l1[0] * l2[1] - l1[1] * l2[0];
        if (Math.abs(det) < 1e-9) {
            return null;
        }
        return new double[] {(l1[2] * l2[1] - l1[1] * l2[2]) / det, (l1[0] * l2[2] - l1[2] * l2[0]) / det};
    }

    static double shoelace(double[] x, double[] y) {
        double a = 0;
        for (int i = 0; i < 4; i++) {
            int j = (i + 1) % 4;
            a += x[i] * y[j] - x[j] * y[i];
        }
        return a / 2;
    }

    static boolean convex(double[] x, double[] y) {
        int sign = 0;
        for (int i = 0; i < 4; i++) {
            double ax = x[(i + 1) % 4] - x[i];
            double ay = y[(i + 1) % 4] - y[i];
            double bx = x[(i + 2) % 4] - x[(i + 1) % 4];
            double by = y[(i + 2) % 4] - y[(i + 1) % 4];
            int s = (int) Math.signum(ax * by - ay * bx);
            if (s == 0) {
                return false;
            }
            if (sign == 0) {
                sign = s;
            } else if (s != sign) {
                return false;
            }
        }
        return true;
    }
}
