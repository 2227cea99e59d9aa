package dev.trae.ocr.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Image processing primitives for preprocessing scans. Pure functions on {@link Gray}; thread-safe. */
public final class ImageOps {
    private ImageOps() {
    }

    // ---------------------------------------------------------------- blur

    /** Separable Gaussian blur. */
    public static Gray gaussian(Gray g, double sigma) {
        if (sigma <= 0) {
            return g.copy();
        }
        int r = Math.max(1, (int) Math.ceil(sigma * 3));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        int w = g.w;
        int h = g.h;
        float[] tmp = new float[w * h];
        float[] src = g.p;
        for (int y = 0; y < h; y++) {
            int o = y * w;
            for (int x = 0; x < w; x++) {
                float s = 0;
                if (x >= r && x < w - r) {
                    // inside: no clamping (the same taps in the same order)
                    int base = o + x - r;
                    for (int i = 0; i < k.length; i++) {
                        s += src[base + i] * k[i];
                    }
                } else {
                    for (int i = -r; i <= r; i++) {
                        int xx = x + i;
                        xx = xx < 0 ? 0 : (xx >= w ? w - 1 : xx);
                        s += src[o + xx] * k[i + r];
                    }
                }
                tmp[o + x] = s;
            }
        }
        Gray out = new Gray(w, h);
        float[] dst = out.p;
        for (int y = 0; y < h; y++) {
            boolean inside = y >= r && y < h - r;
            for (int x = 0; x < w; x++) {
                float s = 0;
                if (inside) {
                    int idx = (y - r) * w + x;
                    for (int i = 0; i < k.length; i++, idx += w) {
                        s += tmp[idx] * k[i];
                    }
                } else {
                    for (int i = -r; i <= r; i++) {
                        int yy = y + i;
                        yy = yy < 0 ? 0 : (yy >= h ? h - 1 : yy);
                        s += tmp[yy * w + x] * k[i + r];
                    }
                }
                dst[y * w + x] = s;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- impulse noise

    private static float median9(float[] a) {
        for (int i = 1; i < 9; i++) {
            float v = a[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
        return a[4];
    }

    private static float median3x3(Gray g, int x, int y, float[] buf) {
        int n = 0;
        for (int dy = -1; dy <= 1; dy++) {
            int yy = Math.min(g.h - 1, Math.max(0, y + dy));
            for (int dx = -1; dx <= 1; dx++) {
                int xx = Math.min(g.w - 1, Math.max(0, x + dx));
                buf[n++] = g.p[yy * g.w + xx];
            }
        }
        return median9(buf);
    }

    /**
     * Whether the pixel at (x, y) is similar (within {@code threshold}) to at most one of its eight neighbours.
     * One-pixel strokes of small text have two similar neighbours along the stroke; paper and ink areas have
     * many. Cheap, so it is checked before the median.
     */
    private static boolean isolated(Gray g, int x, int y, float v, float threshold) {
        if (x > 0 && y > 0 && x < g.w - 1 && y < g.h - 1) {
            // inside the image: the eight neighbours without bounds checks (the same count, a third of the time under C1)
            float[] p = g.p;
            int a = (y - 1) * g.w + x;
            int b = a + g.w;
            int c = b + g.w;
            int similar = (Math.abs(p[a - 1] - v) < threshold ? 1 : 0) + (Math.abs(p[a] - v) < threshold ? 1 : 0)
                    + (Math.abs(p[a + 1] - v) < threshold ? 1 : 0) + (Math.abs(p[b - 1] - v) < threshold ? 1 : 0);
            if (similar > 1) {
                return false;
            }
            similar += (Math.abs(p[b + 1] - v) < threshold ? 1 : 0) + (Math.abs(p[c - 1] - v) < threshold ? 1 : 0);
            if (similar > 1) {
                return false;
            }
            similar += (Math.abs(p[c] - v) < threshold ? 1 : 0) + (Math.abs(p[c + 1] - v) < threshold ? 1 : 0);
            return similar <= 1;
        }
        int similar = 0;
        for (int dy = -1; dy <= 1; dy++) {
            int yy = y + dy;
            if (yy < 0 || yy >= g.h) {
                continue;
            }
            int o = yy * g.w;
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                if ((dx == 0 && dy == 0) || xx < 0 || xx >= g.w) {
                    continue;
                }
                if (Math.abs(g.p[o + xx] - v) < threshold) {
                    if (++similar > 1) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * The value that replaces the pixel at (x, y): the median of its 3x3 neighbourhood where the pixel is an
     * impulse (isolated, see {@link #isolated}, and far from that median), otherwise the pixel itself.
     */
    private static float deImpulse(Gray g, int x, int y, float threshold, float[] buf) {
        float v = g.p[y * g.w + x];
        if (!isolated(g, x, y, v, threshold)) {
            return v;
        }
        float m = median3x3(g, x, y, buf);
        return Math.abs(v - m) > threshold ? m : v;
    }

    /** The fraction of pixels that look like salt-and-pepper impulses, estimated on a sample of pixels. */
    public static double impulseNoiseFraction(Gray g) {
        float[] buf = new float[9];
        int step = Math.max(1, (int) Math.sqrt((double) g.w * g.h / 250_000.0));
        long seen = 0;
        long impulses = 0;
        for (int y = 1; y < g.h - 1; y += step) {
            for (int x = 1 + (y % 2); x < g.w - 1; x += step) {
                seen++;
                if (deImpulse(g, x, y, 70, buf) != g.p[y * g.w + x]) {
                    impulses++;
                }
            }
        }
        return seen == 0 ? 0 : (double) impulses / seen;
    }

    /**
     * Adaptive median: a pixel is replaced by the median of its 3x3 neighbourhood only where it is an
     * impulse (see {@link #deImpulse}), so strokes survive.
     */
    public static Gray removeImpulses(Gray g, float threshold) {
        Gray out = new Gray(g.w, g.h);
        float[] buf = new float[9];
        for (int y = 0; y < g.h; y++) {
            for (int x = 0; x < g.w; x++) {
                out.p[y * g.w + x] = deImpulse(g, x, y, threshold, buf);
            }
        }
        return out;
    }

    /** Plain 3x3 median. */
    public static Gray median(Gray g) {
        Gray out = new Gray(g.w, g.h);
        float[] buf = new float[9];
        if (g.w < 3 || g.h < 3) {
            for (int y = 0; y < g.h; y++) {
                for (int x = 0; x < g.w; x++) {
                    out.p[y * g.w + x] = median3x3(g, x, y, buf);
                }
            }
            return out;
        }
        // The median of 3x3 is med3(max of the column minima, median of the column medians, min of the column
        // maxima) when each column of three is sorted (exact). Each sorted column serves three output pixels, so
        // a pixel costs a few comparisons instead of an insertion sort of nine. Borders repeat the edge pixels,
        // as median3x3 does.
        int w = g.w;
        float[] lo = new float[w];
        float[] mid = new float[w];
        float[] hi = new float[w];
        for (int y = 0; y < g.h; y++) {
            int r0 = Math.max(0, y - 1) * w;
            int r1 = y * w;
            int r2 = Math.min(g.h - 1, y + 1) * w;
            for (int x = 0; x < w; x++) {
                float a = g.p[r0 + x];
                float b = g.p[r1 + x];
                float c = g.p[r2 + x];
                float mn = Math.min(a, b);
                float mx = Math.max(a, b);
                lo[x] = Math.min(mn, c);
                hi[x] = Math.max(mx, c);
                mid[x] = Math.max(mn, Math.min(mx, c));
            }
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int xl = x == 0 ? 0 : x - 1;
                int xr = x == w - 1 ? w - 1 : x + 1;
                float l = Math.max(lo[xl], Math.max(lo[x], lo[xr]));
                float h = Math.min(hi[xl], Math.min(hi[x], hi[xr]));
                float m = med3(mid[xl], mid[x], mid[xr]);
                out.p[o + x] = med3(l, m, h);
            }
        }
        return out;
    }

    private static float med3(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /**
     * Robust estimate of the standard deviation of pixel noise: the median absolute deviation of a
     * high-pass residual (pixel minus the mean of its 4 neighbours), sampled.
     */
    public static double noiseSigma(Gray g) {
        int step = Math.max(1, (int) Math.sqrt((double) g.w * g.h / 200_000.0));
        int[] hist = new int[512];
        long n = 0;
        for (int y = 1; y < g.h - 1; y += step) {
            for (int x = 1; x < g.w - 1; x += step) {
                int i = y * g.w + x;
                double r = g.p[i] - (g.p[i - 1] + g.p[i + 1] + g.p[i - g.w] + g.p[i + g.w]) / 4.0;
                hist[Math.min(511, (int) Math.abs(r * 2))]++;
                n++;
            }
        }
        long acc = 0;
        for (int b = 0; b < hist.length; b++) {
            acc += hist[b];
            if (acc * 2 >= n) {
                // residual of iid noise has sigma * sqrt(1 + 1/4); MAD -> sigma factor 1.4826
                return (b / 2.0 + 0.25) * 1.4826 / Math.sqrt(1.25);
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- illumination

    /**
     * Divides the image by an estimate of its background (paper) brightness, which removes shadows, uneven
     * lighting and gradients. The background is a high percentile in blocks of {@code block} pixels,
     * dilated and smoothed, then interpolated back to full size.
     */
    public static Gray flattenBackground(Gray g, int block) {
        int gw = (g.w + block - 1) / block;
        int gh = (g.h + block - 1) / block;
        float[] grid = new float[gw * gh];
        int[] hist = new int[256];
        for (int by = 0; by < gh; by++) {
            for (int bx = 0; bx < gw; bx++) {
                Arrays.fill(hist, 0);
                int n = 0;
                int y1 = Math.min(g.h, (by + 1) * block);
                int x1 = Math.min(g.w, (bx + 1) * block);
                for (int y = by * block; y < y1; y++) {
                    for (int x = bx * block; x < x1; x++) {
                        hist[Gray.clamp((int) g.p[y * g.w + x])]++;
                        n++;
                    }
                }
                // the smallest i whose count up to i exceeds want, found from the bright end (paper blocks are
                // bright, so this takes a few steps, not two hundred): the count above i must stay below n - want
                int want = (int) (n * 0.90);
                int v = 255;
                int above = 0;
                for (int i = 255; i >= 0 && above < n - want; i--) {
                    v = i;
                    above += hist[i];
                }
                grid[by * gw + bx] = v;
            }
        }
        // blocks covered by ink (bold strokes) are much darker than most of their neighbours: take the
        // neighbours' median instead. A shadow edge keeps about half its neighbours on its own side, so it stays.
        Gray gg = new Gray(gw, gh, grid);
        for (int pass = 0; pass < 2; pass++) {
            Gray d = new Gray(gw, gh, gg.p.clone());
            float[] nb = new float[8];
            for (int y = 0; y < gh; y++) {
                for (int x = 0; x < gw; x++) {
                    int n = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if ((dx != 0 || dy != 0) && yy >= 0 && yy < gh && xx >= 0 && xx < gw) {
                                nb[n++] = gg.p[yy * gw + xx];
                            }
                        }
                    }
                    if (n == 0) {
                        continue;
                    }
                    float[] sorted = Arrays.copyOf(nb, n);
                    Arrays.sort(sorted);
                    float med = sorted[n / 2];
                    if (gg.p[y * gw + x] < med - 25) {
                        d.p[y * gw + x] = med;
                    }
                }
            }
            gg = d;
        }
        gg = gaussian(gg, 0.6);
        // bilinear interpolation of the block grid back to full size; the column weights are the same for every row
        int[] xa = new int[g.w];
        int[] xb = new int[g.w];
        float[] fxs = new float[g.w];
        for (int x = 0; x < g.w; x++) {
            double gx = (x + 0.5) / block - 0.5;
            int x0 = (int) Math.floor(gx);
            fxs[x] = (float) (gx - x0);
            xa[x] = Math.max(0, Math.min(gw - 1, x0));
            xb[x] = Math.max(0, Math.min(gw - 1, x0 + 1));
        }
        Gray out = new Gray(g.w, g.h);
        float[] bgA = new float[gw];
        for (int y = 0; y < g.h; y++) {
            double gy = (y + 0.5) / block - 0.5;
            int y0 = (int) Math.floor(gy);
            float fy = (float) (gy - y0);
            int ya = Math.max(0, Math.min(gh - 1, y0)) * gw;
            int yb = Math.max(0, Math.min(gh - 1, y0 + 1)) * gw;
            for (int i = 0; i < gw; i++) {
                bgA[i] = gg.p[ya + i] + (gg.p[yb + i] - gg.p[ya + i]) * fy;
            }
            int o = y * g.w;
            float[] src = g.p;
            float[] dst = out.p;
            for (int x = 0; x < g.w; x++) {
                float a = bgA[xa[x]];
                // comparisons rather than Math.max and min (calls under C1); the same for these finite values
                float bg = a + (bgA[xb[x]] - a) * fxs[x];
                bg = bg > 8f ? bg : 8f;
                float v = src[o + x] / bg * 255f;
                dst[o + x] = v < 255f ? v : 255f;
            }
        }
        return out;
    }

    /** Linear stretch so that the darkest {@code lowFraction} of pixels become black and paper stays white. */
    public static Gray stretchContrast(Gray g, double lowFraction, double highFraction) {
        int[] hist = histogram(g);
        long n = (long) g.w * g.h;
        int lo = percentile(hist, n, lowFraction);
        int hi = percentile(hist, n, highFraction);
        if (hi - lo < 16) {
            return g.copy();
        }
        Gray out = new Gray(g.w, g.h);
        float scale = 255f / (hi - lo);
        float[] src = g.p;
        float[] dst = out.p;
        for (int i = 0; i < src.length; i++) {
            float v = (src[i] - lo) * scale;
            dst[i] = v < 0 ? 0 : (v < 255f ? v : 255f);
        }
        return out;
    }

    public static int[] histogram(Gray g) {
        // four counts taken in turn, added at the end: a page is mostly one grey, and one count array would make
        // every increment wait for the one before it on the same bin
        int[] h0 = new int[256];
        int[] h1 = new int[256];
        int[] h2 = new int[256];
        int[] h3 = new int[256];
        float[] p = g.p;
        int n = p.length & ~3;
        for (int i = 0; i < n; i += 4) {
            h0[Gray.clamp((int) p[i])]++;
            h1[Gray.clamp((int) p[i + 1])]++;
            h2[Gray.clamp((int) p[i + 2])]++;
            h3[Gray.clamp((int) p[i + 3])]++;
        }
        for (int i = n; i < p.length; i++) {
            h0[Gray.clamp((int) p[i])]++;
        }
        for (int i = 0; i < 256; i++) {
            h0[i] += h1[i] + h2[i] + h3[i];
        }
        return h0;
    }

    private static int percentile(int[] hist, long n, double f) {
        long want = (long) (n * f);
        long acc = 0;
        for (int i = 0; i < 256; i++) {
            acc += hist[i];
            if (acc > want) {
                return i;
            }
        }
        return 255;
    }

    // ---------------------------------------------------------------- binarisation

    /** Otsu's global threshold. */
    public static int otsu(Gray g) {
        return otsu(histogram(g), (long) g.w * g.h, 128);
    }

    /** Otsu's threshold of a 256-bin histogram of {@code total} samples, or {@code fallback} when it has one class. */
    static int otsu(int[] hist, long total, int fallback) {
        double sum = 0;
        for (int i = 0; i < 256; i++) {
            sum += (double) i * hist[i];
        }
        double sumB = 0;
        long wB = 0;
        double best = -1;
        int threshold = fallback;
        for (int t = 0; t < 256; t++) {
            wB += hist[t];
            if (wB == 0) {
                continue;
            }
            long wF = total - wB;
            if (wF == 0) {
                break;
            }
            sumB += (double) t * hist[t];
            double mB = sumB / wB;
            double mF = (sum - sumB) / wF;
            double between = (double) wB * wF * (mB - mF) * (mB - mF);
            if (between > best) {
                best = between;
                threshold = t;
            }
        }
        return threshold;
    }

    /** Ink mask: true where darker than the threshold. */
    public static boolean[] threshold(Gray g, int t) {
        boolean[] ink = new boolean[g.p.length];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = g.p[i] <= t;
        }
        return ink;
    }

    /**
     * Sauvola's adaptive threshold: T = m (1 + k (s / 128 - 1)) over a window of {@code window} pixels, with
     * running column sums so memory stays proportional to one row. Returns a 0/255 image.
     */
    public static Gray sauvola(Gray g, int window, double k) {
        int r = Math.max(1, window / 2);
        int w = g.w;
        int h = g.h;
        double[] colSum = new double[w];
        double[] colSq = new double[w];
        Gray out = new Gray(w, h);
        for (int y = 0; y < Math.min(h, r); y++) {
            addRow(g, y, colSum, colSq, 1);
        }
        for (int y = 0; y < h; y++) {
            int add = y + r;
            if (add < h) {
                addRow(g, add, colSum, colSq, 1);
            }
            int rem = y - r - 1;
            if (rem >= 0) {
                addRow(g, rem, colSum, colSq, -1);
            }
            int rows = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1;
            double s = 0;
            double sq = 0;
            int x0 = 0;
            int x1 = Math.min(w - 1, r);
            for (int x = x0; x <= x1; x++) {
                s += colSum[x];
                sq += colSq[x];
            }
            for (int x = 0; x < w; x++) {
                int lo = Math.max(0, x - r);
                int hi = Math.min(w - 1, x + r);
                if (x > 0) {
                    if (x + r < w) {
                        s += colSum[x + r];
                        sq += colSq[x + r];
                    }
                    if (x - r - 1 >= 0) {
                        s -= colSum[x - r - 1];
                        sq -= colSq[x - r - 1];
                    }
                }
                int n = rows * (hi - lo + 1);
                double m = s / n;
                double var = Math.max(0, sq / n - m * m);
                double t = m * (1 + k * (Math.sqrt(var) / 128.0 - 1));
                out.p[y * w + x] = g.p[y * w + x] > t ? 255f : 0f;
            }
        }
        return out;
    }

    private static void addRow(Gray g, int y, double[] colSum, double[] colSq, int sign) {
        int o = y * g.w;
        for (int x = 0; x < g.w; x++) {
            double v = g.p[o + x];
            colSum[x] += sign * v;
            colSq[x] += sign * v * v;
        }
    }

    // ---------------------------------------------------------------- skew and orientation

    /** Sampled ink points (x, y pairs) of an image, at most about {@code maxPoints}. */
    static int[] inkPoints(Gray g, int t, int maxPoints) {
        long ink = 0;
        for (float v : g.p) {
            if (v <= t) {
                ink++;
            }
        }
        int keepEvery = (int) Math.max(1, ink / Math.max(1, maxPoints));
        int[] pts = new int[(int) Math.min(ink, (long) maxPoints + 1024) * 2 + 2];
        int n = 0;
        int skip = 0; // ink pixels to pass before the next kept one: every keepEvery-th, from the first
        float[] p = g.p;
        for (int y = 0; y < g.h; y++) {
            int o = y * g.w;
            for (int x = 0; x < g.w; x++) {
                if (p[o + x] <= t) {
                    if (skip == 0) {
                        skip = keepEvery;
                        if (n + 1 < pts.length) {
                            pts[n++] = x;
                            pts[n++] = y;
                        }
                    }
                    skip--;
                }
            }
        }
        return Arrays.copyOf(pts, n);
    }

    /** Sharpness of the horizontal projection profile of the points after rotating them by {@code deg}. */
    static double profileScore(int[] pts, double deg, int binsHint) {
        double a = Math.toRadians(deg);
        double sin = Math.sin(a);
        double cos = Math.cos(a);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        int n = pts.length / 2;
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double y = pts[2 * i] * sin + pts[2 * i + 1] * cos;
            ys[i] = y;
            min = Math.min(min, y);
            max = Math.max(max, y);
        }
        int bins = (int) Math.max(1, Math.min(binsHint, Math.ceil(max - min) + 1));
        int[] hist = new int[bins];
        for (double y : ys) {
            hist[(int) ((y - min) / (max - min + 1e-9) * (bins - 1))]++;
        }
        double s = 0;
        for (int i = 1; i < bins; i++) {
            double d = hist[i] - hist[i - 1];
            s += d * d;
        }
        return s;
    }

    /**
     * The skew angle of text lines in degrees within +-{@code maxDeg}: rotating the image by the negative
     * of the result straightens the lines. Projection-profile search, coarse then fine.
     */
    public static double skewAngle(Gray g, double maxDeg) {
        Gray small = g;
        int f = Math.max(1, Math.max(g.w, g.h) / 1200);
        if (f > 1) {
            small = g.resize(g.w / f, g.h / f);
        }
        int t = otsu(small);
        int[] pts = inkPoints(small, Math.min(t, 200), 150_000);
        if (pts.length < 200) {
            return 0;
        }
        int bins = small.h;
        double best = 0;
        double bestScore = -1;
        for (double a = -maxDeg; a <= maxDeg + 1e-9; a += 0.25) {
            double s = profileScore(pts, a, bins);
            if (s > bestScore) {
                bestScore = s;
                best = a;
            }
        }
        double coarse = best;
        for (double a = coarse - 0.25; a <= coarse + 0.25 + 1e-9; a += 0.05) {
            double s = profileScore(pts, a, bins);
            if (s > bestScore) {
                bestScore = s;
                best = a;
            }
        }
        return -best;
    }

    /**
     * The skew angle from the bottoms of character-sized components (their baselines): robust against
     * rules, frames, photos and noise, which are not character-sized. Returns NaN when there are too few
     * characters.
     */
    public static double skewAngleFromGlyphs(Components cc, double glyph, double maxDeg) {
        if (glyph <= 0) {
            return Double.NaN;
        }
        List<int[]> pts = new ArrayList<>();
        for (Component c : cc.list) {
            int ch = c.height();
            if (ch >= glyph * 0.5 && ch <= glyph * 2.5 && c.width() <= ch * 4 && c.area >= 8) {
                pts.add(new int[] {(c.minX + c.maxX) / 2, c.maxY});
            }
        }
        if (pts.size() < 30) {
            return Double.NaN;
        }
        int[] flat = new int[pts.size() * 2];
        int maxY = 0;
        for (int i = 0; i < pts.size(); i++) {
            flat[2 * i] = pts.get(i)[0];
            flat[2 * i + 1] = pts.get(i)[1];
            maxY = Math.max(maxY, pts.get(i)[1]);
        }
        double binW = Math.max(1, glyph / 6);
        int bins = (int) Math.ceil(maxY / binW) + 1;
        double best = 0;
        double bestScore = -1;
        for (double a = -maxDeg; a <= maxDeg + 1e-9; a += 0.2) {
            double sc = profileScore(flat, a, bins);
            if (sc > bestScore) {
                bestScore = sc;
                best = a;
            }
        }
        double coarse = best;
        for (double a = coarse - 0.2; a <= coarse + 0.2 + 1e-9; a += 0.05) {
            double sc = profileScore(flat, a, bins);
            if (sc > bestScore) {
                bestScore = sc;
                best = a;
            }
        }
        return -best;
    }

    /**
     * Whether the text lines run vertically (the page is turned by 90 degrees): compares how sharply the ink
     * concentrates in rows versus columns.
     */
    public static boolean looksTurned90(Gray g) {
        Gray small = g;
        int f = Math.max(1, Math.max(g.w, g.h) / 1000);
        if (f > 1) {
            small = g.resize(g.w / f, g.h / f);
        }
        int t = otsu(small);
        int[] pts = inkPoints(small, Math.min(t, 200), 25_000);
        if (pts.length < 200) {
            return false;
        }
        // the best over small angles, so that a skewed page is judged as if it were straight
        double rows = 0;
        double cols = 0;
        for (double a = -8; a <= 8; a += 1) {
            rows = Math.max(rows, rotatedProfileContrast(pts, a, false));
            cols = Math.max(cols, rotatedProfileContrast(pts, a, true));
        }
        return cols > rows * 1.4;
    }

    private static double rotatedProfileContrast(int[] pts, double deg, boolean columns) {
        double r = Math.toRadians(deg);
        double sin = Math.sin(r);
        double cos = Math.cos(r);
        int n = pts.length / 2;
        double[] v = new double[n];
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double x = pts[2 * i];
            double y = pts[2 * i + 1];
            double r2 = columns ? x * cos - y * sin : x * sin + y * cos;
            v[i] = r2;
            // plain comparisons: Math.min and max are calls under C1, and the values are finite
            if (r2 < min) {
                min = r2;
            }
            if (r2 > max) {
                max = r2;
            }
        }
        int bins = (int) Math.max(2, Math.ceil(max - min) + 1);
        double[] prof = new double[bins];
        for (double x : v) {
            prof[(int) (x - min)]++;
        }
        double mean = (double) n / bins;
        double var = 0;
        for (double c : prof) {
            var += (c - mean) * (c - mean);
        }
        return Math.sqrt(var / bins) / Math.max(1e-9, mean);
    }

    /** Coefficient of variation of the ink profile along rows (or columns), over the inked extent. */
    private static double profileContrast(Gray g, int t, boolean rows) {
        int n = rows ? g.h : g.w;
        double[] prof = new double[n];
        for (int y = 0; y < g.h; y++) {
            for (int x = 0; x < g.w; x++) {
                if (g.p[y * g.w + x] <= t) {
                    prof[rows ? y : x]++;
                }
            }
        }
        int first = 0;
        while (first < n && prof[first] == 0) {
            first++;
        }
        int last = n - 1;
        while (last > first && prof[last] == 0) {
            last--;
        }
        if (last - first < 4) {
            return 0;
        }
        double mean = 0;
        for (int i = first; i <= last; i++) {
            mean += prof[i];
        }
        mean /= (last - first + 1);
        double var = 0;
        for (int i = first; i <= last; i++) {
            var += (prof[i] - mean) * (prof[i] - mean);
        }
        var /= (last - first + 1);
        return Math.sqrt(var) / Math.max(1e-9, mean);
    }

    // ---------------------------------------------------------------- connected components

    /** A connected component's bounding box and pixel count. */
    public static final class Component {
        public int minX = Integer.MAX_VALUE;
        public int minY = Integer.MAX_VALUE;
        public int maxX = -1;
        public int maxY = -1;
        public int area;
        public int label;

        public int width() {
            return maxX - minX + 1;
        }

        public int height() {
            return maxY - minY + 1;
        }
    }

    /** Components of ink (4-connected) with their label image. */
    public static final class Components {
        public final int[] labels;
        public final List<Component> list;

        Components(int[] labels, List<Component> list) {
            this.labels = labels;
            this.list = list;
        }
    }

    public static Components components(boolean[] ink, int w, int h) {
        int[] labels = new int[w * h];
        int[] parent = new int[1024];
        int next = 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (!ink[i]) {
                    continue;
                }
                int left = x > 0 ? labels[i - 1] : 0;
                int up = y > 0 ? labels[i - w] : 0;
                if (left == 0 && up == 0) {
                    if (next >= parent.length) {
                        parent = Arrays.copyOf(parent, parent.length * 2);
                    }
                    parent[next] = next;
                    labels[i] = next++;
                } else if (left != 0 && up != 0) {
                    int a = find(parent, left);
                    int b = find(parent, up);
                    if (a != b) {
                        parent[Math.max(a, b)] = Math.min(a, b);
                    }
                    labels[i] = Math.min(a, b);
                } else {
                    labels[i] = left != 0 ? left : up;
                }
            }
        }
        int[] compact = new int[next];
        List<Component> list = new ArrayList<>();
        for (int l = 1; l < next; l++) {
            int root = find(parent, l);
            if (compact[root] == 0) {
                Component c = new Component();
                c.label = list.size() + 1;
                list.add(c);
                compact[root] = c.label;
            }
            compact[l] = compact[root];
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (labels[i] != 0) {
                    int l = compact[labels[i]];
                    labels[i] = l;
                    Component c = list.get(l - 1);
                    c.area++;
                    if (x < c.minX) {
                        c.minX = x;
                    }
                    if (x > c.maxX) {
                        c.maxX = x;
                    }
                    if (y < c.minY) {
                        c.minY = y;
                    }
                    if (y > c.maxY) {
                        c.maxY = y;
                    }
                }
            }
        }
        return new Components(labels, list);
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    /**
     * Median height of components that look like characters, or -1 when there are too few. Used to tell
     * the resolution of the text independent of file metadata.
     */
    public static double medianGlyphHeight(Components cc, int w, int h) {
        List<Integer> heights = new ArrayList<>();
        for (Component c : cc.list) {
            int ch = c.height();
            int cw = c.width();
            if (ch >= 5 && ch <= h / 5 && cw <= ch * 6 && c.area >= 12 && cw <= w / 5) {
                heights.add(ch);
            }
        }
        if (heights.size() < 8) {
            return -1;
        }
        heights.sort(null);
        return heights.get(heights.size() / 2);
    }

    /**
     * Paints white everything outside the text area: the box around character-sized components that have
     * other characters nearby, widened by two glyph heights. Removes the remains of page edges, the table
     * under a photographed page and specks in the margins. Returns whether anything was painted.
     */
    public static boolean clearOutsideText(Gray g, Components cc, double glyph) {
        if (glyph <= 0) {
            return false;
        }
        double cell = glyph * 3;
        int cw = (int) Math.ceil(g.w / cell) + 1;
        int ch = (int) Math.ceil(g.h / cell) + 1;
        int[] counts = new int[cw * ch];
        List<Component> glyphs = new ArrayList<>();
        for (Component c : cc.list) {
            int hh = c.height();
            if (hh >= glyph * 0.4 && hh <= glyph * 3 && c.width() <= hh * 5 && c.area >= 8) {
                glyphs.add(c);
                counts[(int) (((c.minY + c.maxY) / 2) / cell) * cw + (int) (((c.minX + c.maxX) / 2) / cell)]++;
            }
        }
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (Component c : glyphs) {
            int gx = (int) (((c.minX + c.maxX) / 2) / cell);
            int gy = (int) (((c.minY + c.maxY) / 2) / cell);
            int n = 0;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = gx + dx;
                    int yy = gy + dy;
                    if (xx >= 0 && yy >= 0 && xx < cw && yy < ch) {
                        n += counts[yy * cw + xx];
                    }
                }
            }
            if (n >= 5) {
                x0 = Math.min(x0, c.minX);
                y0 = Math.min(y0, c.minY);
                x1 = Math.max(x1, c.maxX);
                y1 = Math.max(y1, c.maxY);
            }
        }
        if (x1 < 0) {
            return false;
        }
        int m = (int) Math.round(glyph * 2);
        x0 = Math.max(0, x0 - m);
        y0 = Math.max(0, y0 - m);
        x1 = Math.min(g.w - 1, x1 + m);
        y1 = Math.min(g.h - 1, y1 + m);
        boolean changed = false;
        for (int y = 0; y < g.h; y++) {
            boolean rowOut = y < y0 || y > y1;
            for (int x = 0; x < g.w; x++) {
                if ((rowOut || x < x0 || x > x1) && g.p[y * g.w + x] < 255) {
                    if (g.p[y * g.w + x] < 128) {
                        changed = true;
                    }
                    g.p[y * g.w + x] = 255;
                }
            }
        }
        return changed;
    }

    /**
     * Paints white the components that touch the image edge and are too large to be text (scanner borders,
     * the dark table around a photographed page), but only within a band along the edges ({@code depth} as
     * a fraction of the image size), so that text connected to a border through a shadow survives.
     * Returns how many components were touched.
     */
    public static int removeBorders(Gray g, Components cc, double depth) {
        List<Component> border = new ArrayList<>();
        for (Component c : cc.list) {
            boolean touches = c.minX == 0 || c.minY == 0 || c.maxX == g.w - 1 || c.maxY == g.h - 1;
            boolean big = c.width() > g.w * 0.3 || c.height() > g.h * 0.3 || c.area > (long) g.w * g.h / 50;
            if (touches && big) {
                border.add(c);
            }
        }
        if (border.isEmpty()) {
            return 0;
        }
        boolean[] remove = new boolean[cc.list.size() + 1];
        for (Component c : border) {
            remove[c.label] = true;
        }
        int dx = (int) Math.ceil(g.w * depth);
        int dy = (int) Math.ceil(g.h * depth);
        for (int y = 0; y < g.h; y++) {
            boolean edgeRow = y < dy || y >= g.h - dy;
            for (int x = 0; x < g.w; x++) {
                int i = y * g.w + x;
                if (remove[cc.labels[i]] && (edgeRow || x < dx || x >= g.w - dx)) {
                    g.p[i] = 255;
                }
            }
        }
        return border.size();
    }
}
