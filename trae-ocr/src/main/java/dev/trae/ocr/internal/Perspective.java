package dev.trae.ocr.internal;

/** Plane projective transforms (homographies) and the perspective warp of a quadrilateral to a rectangle. */
public final class Perspective {
    private Perspective() {
    }

    /**
     * The 3x3 homography (row-major, {@code h[8] = 1}) that maps {@code (x[i], y[i])} to {@code (u[i], v[i])}
     * for four points, by Gaussian elimination with partial pivoting.
     */
    public static double[] homography(double[] x, double[] y, double[] u, double[] v) {
        double[][] a = new double[8][];
        for (int i = 0; i < 4; i++) {
            a[2 * i] = new double[] {x[i], y[i], 1, 0, 0, 0, -u[i] * x[i], -u[i] * y[i], u[i]};
            a[2 * i + 1] = new double[] {0, 0, 0, x[i], y[i], 1, -v[i] * x[i], -v[i] * y[i], v[i]};
        }
        double[] sol = Linear.solve(a);
        if (sol == null) {
            throw new IllegalArgumentException("degenerate quadrilateral");
        }
        double[] h = java.util.Arrays.copyOf(sol, 9);
        h[8] = 1;
        return h;
    }

    /** The inverse of a 3x3 matrix (row-major). */
    public static double[] invert(double[] m) {
        double a = m[0];
        double b = m[1];
        double c = m[2];
        double d = m[3];
        double e = m[4];
        double f = m[5];
        double g = m[6];
        double h = m[7];
        double i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[] {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det};
    }

    /**
     * Warps the quadrilateral {@code qx, qy} (corners top-left, top-right, bottom-right, bottom-left, in pixels of
     * {@code g}) to an upright {@code ow} x {@code oh} rectangle, bilinear; outside the image is white.
     */
    public static Gray warp(Gray g, double[] qx, double[] qy, int ow, int oh) {
        double[] h = homography(new double[] {0, ow, ow, 0}, new double[] {0, 0, oh, oh}, qx, qy);
        Gray out = new Gray(ow, oh);
        float[] src = g.p;
        for (int y = 0; y < oh; y++) {
            double yc = y + 0.5;
            for (int x = 0; x < ow; x++) {
                double xc = x + 0.5;
                double w = h[6] * xc + h[7] * yc + h[8];
                double sx = (h[0] * xc + h[1] * yc + h[2]) / w - 0.5;
                double sy = (h[3] * xc + h[4] * yc + h[5]) / w - 0.5;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                if (x0 < 0 || y0 < 0 || x0 >= g.w - 1 || y0 >= g.h - 1) {
                    out.p[y * ow + x] = x0 < -1 || y0 < -1 || x0 >= g.w || y0 >= g.h ? 255f
                            : src[Math.max(0, Math.min(g.h - 1, y0)) * g.w + Math.max(0, Math.min(g.w - 1, x0))];
                    continue;
                }
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                int o = y0 * g.w + x0;
                float top = src[o] + (src[o + 1] - src[o]) * fx;
                float bottom = src[o + g.w] + (src[o + g.w + 1] - src[o + g.w]) * fx;
                out.p[y * ow + x] = top + (bottom - top) * fy;
            }
        }
        return out;
    }
}
