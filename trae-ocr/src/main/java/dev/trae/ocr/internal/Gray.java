package dev.trae.ocr.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/** A mutable grayscale image with float samples in [0, 255] (0 black, 255 white). Not thread-safe. */
public final class Gray {
    public final int w;
    public final int h;
    public final float[] p;

    public Gray(int w, int h) {
        this(w, h, new float[Math.multiplyExact(w, h)]);
    }

    public Gray(int w, int h, float[] p) {
        this.w = w;
        this.h = h;
        this.p = p;
    }

    public float get(int x, int y) {
        return p[y * w + x];
    }

    public Gray copy() {
        return new Gray(w, h, p.clone());
    }

    /** Luminance of any image, transparent pixels composited over white. */
    public static Gray of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        Gray g = new Gray(w, h);
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            Raster r = img.getRaster();
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    g.p[y * w + x] = row[x];
                }
            }
            return g;
        }
        int[] row = new int[w];
        boolean alpha = img.getColorModel().hasAlpha();
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int c = row[x];
                float r = (c >> 16) & 0xff;
                float gg = (c >> 8) & 0xff;
                float b = c & 0xff;
                float l = 0.299f * r + 0.587f * gg + 0.114f * b;
                if (alpha) {
                    float a = ((c >>> 24) & 0xff) / 255f;
                    l = l * a + 255f * (1 - a);
                }
                g.p[y * w + x] = l;
            }
        }
        return g;
    }

    /** An 8-bit gray image. */
    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                data[y * w + x] = (byte) clamp(Math.round(p[y * w + x]));
            }
        }
        return img;
    }

    /** The samples as packed 8-bit bytes, one per pixel, rows without padding. */
    public byte[] toBytes() {
        byte[] out = new byte[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) clamp(Math.round(p[i]));
        }
        return out;
    }

    static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    /** Rotation by any angle (degrees, counter-clockwise positive as on screen is clockwise in y-down), white fill. */
    public Gray rotate(double degrees) {
        return rotate(degrees, 255);
    }

    /** Rotation by any angle in degrees (clockwise on screen), the uncovered corners filled with {@code fill}. */
    public Gray rotate(double degrees, int fill) {
        double rad = Math.toRadians(degrees);
        double sin = Math.abs(Math.sin(rad));
        double cos = Math.abs(Math.cos(rad));
        int nw = (int) Math.ceil(w * cos + h * sin);
        int nh = (int) Math.ceil(h * cos + w * sin);
        BufferedImage src = toImage();
        BufferedImage dst = new BufferedImage(nw, nh, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = dst.createGraphics();
        try {
            g.setColor(new java.awt.Color(fill, fill, fill));
            g.fillRect(0, 0, nw, nh);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            AffineTransform t = new AffineTransform();
            t.translate(nw / 2.0, nh / 2.0);
            t.rotate(rad);
            t.translate(-w / 2.0, -h / 2.0);
            g.drawImage(src, t, null);
        } finally {
            g.dispose();
        }
        return of(dst);
    }

    /**
     * Rotation by {@code degrees} (as {@link #rotate(double)}) and scaling by {@code scale} in one bilinear
     * resampling pass on the samples (no image conversions, one interpolation instead of two), white fill.
     */
    public Gray warp(double degrees, double scale) {
        double rad = Math.toRadians(degrees);
        double sin = Math.sin(rad);
        double cos = Math.cos(rad);
        int nw = Math.max(1, (int) Math.ceil((w * Math.abs(cos) + h * Math.abs(sin)) * scale));
        int nh = Math.max(1, (int) Math.ceil((h * Math.abs(cos) + w * Math.abs(sin)) * scale));
        Gray out = new Gray(nw, nh);
        // inverse mapping: output (X, Y) -> source (x, y), pixel centres at +0.5
        double ia = cos / scale;
        double ib = sin / scale;
        double cx = w / 2.0;
        double cy = h / 2.0;
        double ox = nw / 2.0;
        double oy = nh / 2.0;
        float[] src = p;
        float[] dst = out.p;
        boolean cubic = scale > 1.2; // enlarging small text: bicubic keeps stroke edges sharper
        float[] weights = new float[8];
        for (int y = 0; y < nh; y++) {
            double dy = y + 0.5 - oy;
            double dx0 = 0.5 - ox;
            double sx = ia * dx0 + ib * dy + cx - 0.5;
            double sy = -ib * dx0 + ia * dy + cy - 0.5;
            int o = y * nw;
            for (int x = 0; x < nw; x++, sx += ia, sy -= ib) {
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
                    dst[o + x] = 255f;
                    continue;
                }
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                if (cubic) {
                    dst[o + x] = bicubic(src, x0, y0, fx, fy, weights);
                    continue;
                }
                float v00 = sample(src, x0, y0);
                float v10 = sample(src, x0 + 1, y0);
                float v01 = sample(src, x0, y0 + 1);
                float v11 = sample(src, x0 + 1, y0 + 1);
                float top = v00 + (v10 - v00) * fx;
                float bottom = v01 + (v11 - v01) * fx;
                dst[o + x] = top + (bottom - top) * fy;
            }
        }
        return out;
    }

    private float bicubic(float[] src, int x0, int y0, float fx, float fy, float[] wx) {
        cubicWeights(fx, wx, 0);
        cubicWeights(fy, wx, 4);
        float s = 0;
        for (int j = 0; j < 4; j++) {
            int yy = y0 - 1 + j;
            float row = 0;
            if (yy >= 0 && yy < h && x0 >= 1 && x0 + 2 < w) {
                int o = yy * w + x0 - 1;
                row = src[o] * wx[0] + src[o + 1] * wx[1] + src[o + 2] * wx[2] + src[o + 3] * wx[3];
            } else {
                for (int i = 0; i < 4; i++) {
                    row += sample(src, x0 - 1 + i, yy) * wx[i];
                }
            }
            s += row * wx[4 + j];
        }
        return s < 0 ? 0 : Math.min(255f, s);
    }

    /** Catmull-Rom weights for the four samples around a position {@code t} in [0, 1). */
    private static void cubicWeights(float t, float[] out, int at) {
        float t2 = t * t;
        float t3 = t2 * t;
        out[at] = -0.5f * t3 + t2 - 0.5f * t;
        out[at + 1] = 1.5f * t3 - 2.5f * t2 + 1f;
        out[at + 2] = -1.5f * t3 + 2f * t2 + 0.5f * t;
        out[at + 3] = 0.5f * t3 - 0.5f * t2;
    }

    private float sample(float[] src, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 255f : src[y * w + x];
    }

    /** Exact rotation by a multiple of 90 degrees clockwise. */
    public Gray rotate90(int quarterTurnsClockwise) {
        int k = ((quarterTurnsClockwise % 4) + 4) % 4;
        if (k == 0) {
            return this;
        }
        Gray out = k == 2 ? new Gray(w, h) : new Gray(h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = p[y * w + x];
                int nx;
                int ny;
                if (k == 1) {
                    nx = h - 1 - y;
                    ny = x;
                } else if (k == 2) {
                    nx = w - 1 - x;
                    ny = h - 1 - y;
                } else {
                    nx = y;
                    ny = w - 1 - x;
                }
                out.p[ny * out.w + nx] = v;
            }
        }
        return out;
    }

    /** Resampling to a new size: bicubic when enlarging, area averaging when shrinking. */
    public Gray resize(int nw, int nh) {
        if (nw == w && nh == h) {
            return this;
        }
        if (nw < w && nh < h) {
            return shrinkArea(nw, nh);
        }
        BufferedImage src = toImage();
        BufferedImage dst = new BufferedImage(nw, nh, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(src, 0, 0, nw, nh, null);
        } finally {
            g.dispose();
        }
        return of(dst);
    }

    private Gray shrinkArea(int nw, int nh) {
        Gray out = new Gray(nw, nh);
        double sx = (double) w / nw;
        double sy = (double) h / nh;
        for (int y = 0; y < nh; y++) {
            int y0 = (int) (y * sy);
            int y1 = Math.max(y0 + 1, Math.min(h, (int) ((y + 1) * sy)));
            for (int x = 0; x < nw; x++) {
                int x0 = (int) (x * sx);
                int x1 = Math.max(x0 + 1, Math.min(w, (int) ((x + 1) * sx)));
                double s = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int o = yy * w;
                    for (int xx = x0; xx < x1; xx++) {
                        s += p[o + xx];
                    }
                }
                out.p[y * nw + x] = (float) (s / ((y1 - y0) * (x1 - x0)));
            }
        }
        return out;
    }

    /** A sub-rectangle. */
    public Gray crop(int x0, int y0, int cw, int ch) {
        Gray out = new Gray(cw, ch);
        for (int y = 0; y < ch; y++) {
            System.arraycopy(p, (y0 + y) * w + x0, out.p, y * cw, cw);
        }
        return out;
    }
}
