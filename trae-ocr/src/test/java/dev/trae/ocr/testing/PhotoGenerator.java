package dev.trae.ocr.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import dev.trae.ocr.internal.Gray;
import dev.trae.ocr.internal.Perspective;

/**
 * Simulates phone photos of a rendered page (test support, not API): the page lies on a textured desk, seen at an
 * angle (perspective), possibly curled, lit unevenly with a warm cast, with camera noise, motion blur, JPEG
 * compression and the downscaling of a phone app. Each {@link Kind} stresses one of these at the strength the
 * benchmark asks for; {@link Kind#PHONE} combines them all. Every photo has the page on a desk with a mild
 * perspective (a phone photo always has some); deterministic for a seed.
 */
public final class PhotoGenerator {

    /** What a photo stresses. */
    public enum Kind {
        /** Perspective: 8 to 15 % keystone (one edge of the page that much shorter than the opposite one). */
        KEYSTONE,
        /** A curled page: from about the middle towards one side, lines bend by 5 to 13 % of the page height. */
        CURL,
        /** Dark warm light: brightness falls to 45-55 % across the frame, warm colour cast. */
        DARK_WARM,
        /** Camera noise: Gaussian, sigma 10 to 14 grey levels per channel. */
        NOISE,
        /** Motion blur: 5 to 8 pixels along a random direction. */
        MOTION_BLUR,
        /** JPEG quality 30 to 45. */
        JPEG,
        /** Downscaled to 55 % as a phone app does. */
        DOWNSCALE,
        /** All of the above at once, each somewhat milder. */
        PHONE
    }

    /**
     * A generated photo.
     *
     * @param image the photo as decoded
     * @param bytes the encoded file (JPEG for {@link Kind#JPEG} and {@link Kind#PHONE}, PNG otherwise)
     * @param ext   "jpg" or "png"
     * @param x     the page's corners in the photo (top-left, top-right, bottom-right, bottom-left; before any curl)
     * @param y     their y coordinates
     */
    public record Photo(BufferedImage image, byte[] bytes, String ext, double[] x, double[] y) {
    }

    private PhotoGenerator() {
    }

    /** Takes a photo of {@code page} (a rendered page, any type) for {@code kind}. */
    public static Photo photo(BufferedImage page, Kind kind, long seed) {
        Random rnd = new Random(seed);
        Gray src = Gray.of(page);
        int pw = src.w;
        int ph = src.h;
        boolean all = kind == Kind.PHONE;
        // the frame: the page takes 70-85 % of its width
        double fill = 0.70 + 0.15 * rnd.nextDouble();
        int fw = (int) Math.round(pw / fill);
        int fh = (int) Math.round(Math.max(ph / fill, ph + 0.12 * fw));
        // page corners in the frame (TL, TR, BR, BL): centred, mildly turned, then keystoned
        double k = kind == Kind.KEYSTONE ? 0.08 + 0.07 * rnd.nextDouble() : all ? 0.08 : 0.015 + 0.015 * rnd.nextDouble();
        double turn = Math.toRadians((rnd.nextDouble() * 2 - 1) * 2.5);
        double cx = fw / 2.0 + (rnd.nextDouble() - 0.5) * (fw - pw) * 0.4;
        double cy = fh / 2.0 + (rnd.nextDouble() - 0.5) * (fh - ph) * 0.4;
        double[][] c = {{-pw / 2.0, -ph / 2.0}, {pw / 2.0, -ph / 2.0}, {pw / 2.0, ph / 2.0}, {-pw / 2.0, ph / 2.0}};
        int side = rnd.nextInt(4); // which edge is the far (short) one
        for (int i = 0; i < 4; i++) {
            boolean far = side == 0 ? i < 2 : side == 1 ? i == 1 || i == 2 : side == 2 ? i >= 2 : i == 0 || i == 3;
            if (far) {
                if (side % 2 == 0) {
                    c[i][0] *= 1 - k;
                } else {
                    c[i][1] *= 1 - k;
                }
            }
            double x = c[i][0] * Math.cos(turn) - c[i][1] * Math.sin(turn);
            double y = c[i][0] * Math.sin(turn) + c[i][1] * Math.cos(turn);
            c[i][0] = x + cx;
            c[i][1] = y + cy;
        }
        // frame -> page: the inverse homography of page rectangle -> quad
        double[] h = Perspective.homography(new double[] {0, pw, pw, 0}, new double[] {0, 0, ph, ph},
                new double[] {c[0][0], c[1][0], c[2][0], c[3][0]}, new double[] {c[0][1], c[1][1], c[2][1], c[3][1]});
        double[] inv = Perspective.invert(h);
        double curl = kind == Kind.CURL ? 0.02 + 0.01 * rnd.nextDouble() : all ? 0.02 : 0;
        boolean curlRight = rnd.nextBoolean();
        double curlStart = 0.45 + 0.15 * rnd.nextDouble();
        // lighting: a gradient (dark and warm for DARK_WARM) over the frame
        double minLight = kind == Kind.DARK_WARM ? 0.45 + 0.1 * rnd.nextDouble() : all ? 0.55 : 0.85 + 0.1 * rnd.nextDouble();
        boolean warm = kind == Kind.DARK_WARM || all;
        double la = rnd.nextDouble() * Math.PI * 2;
        double ldx = Math.cos(la);
        double ldy = Math.sin(la);
        double diag = Math.hypot(fw, fh);
        // desk: wood grain or grey speckle
        boolean wood = rnd.nextBoolean();
        double grainF = 0.02 + 0.03 * rnd.nextDouble();
        double grainA = rnd.nextDouble() * Math.PI;
        float[] r = new float[fw * fh];
        float[] g = new float[fw * fh];
        float[] b = new float[fw * fh];
        Random tex = new Random(seed * 31 + 7);
        for (int y = 0; y < fh; y++) {
            for (int x = 0; x < fw; x++) {
                double w = inv[6] * x + inv[7] * y + inv[8];
                double u = (inv[0] * x + inv[1] * y + inv[2]) / w;
                double v = (inv[3] * x + inv[4] * y + inv[5]) / w;
                if (curl > 0) {
                    double t = curlRight ? (u / pw - curlStart) / (1 - curlStart) : ((pw - u) / pw - curlStart) / (1 - curlStart);
                    if (t > 0) {
                        v -= curl * ph * t * t * (0.6 + 0.8 * v / ph) * 3;
                        u += (curlRight ? 1 : -1) * 0.04 * pw * t * t; // the rising page is foreshortened
                    }
                }
                double light = 1 - (1 - minLight) * Math.max(0, Math.min(1, ((x - fw / 2.0) * ldx + (y - fh / 2.0) * ldy) / diag + 0.5));
                double rr;
                double gg;
                double bb;
                if (u >= 0 && v >= 0 && u < pw - 1 && v < ph - 1) {
                    double s = bilinear(src, u, v) / 255.0;
                    double ink = 25 + s * (244 - 25);
                    rr = ink;
                    gg = ink * 0.995;
                    bb = ink * 0.975;
                } else if (wood) {
                    double grain = Math.sin(((x * Math.cos(grainA) + y * Math.sin(grainA)) * grainF) + 3 * Math.sin(y * 0.013 + x * 0.004));
                    double base = 95 + 25 * grain + tex.nextGaussian() * 8;
                    rr = base * 1.25;
                    gg = base * 0.9;
                    bb = base * 0.6;
                } else {
                    double base = 105 + tex.nextGaussian() * 18 + 12 * Math.sin(x * 0.05) * Math.sin(y * 0.07);
                    rr = base;
                    gg = base;
                    bb = base * 1.04;
                }
                int i = y * fw + x;
                r[i] = (float) (rr * light);
                g[i] = (float) (gg * light * (warm ? 0.86 : 1));
                b[i] = (float) (bb * light * (warm ? 0.62 : 1));
            }
        }
        if (kind == Kind.MOTION_BLUR || all) {
            int len = all ? 4 : 5 + rnd.nextInt(4);
            double a = rnd.nextDouble() * Math.PI;
            r = motionBlur(r, fw, fh, len, a);
            g = motionBlur(g, fw, fh, len, a);
            b = motionBlur(b, fw, fh, len, a);
        }
        double sigma = kind == Kind.NOISE ? 10 + 4 * rnd.nextDouble() : all ? 7 : 2;
        BufferedImage img = new BufferedImage(fw, fh, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[fw];
        for (int y = 0; y < fh; y++) {
            for (int x = 0; x < fw; x++) {
                int i = y * fw + x;
                row[x] = (clamp(r[i] + rnd.nextGaussian() * sigma) << 16) | (clamp(g[i] + rnd.nextGaussian() * sigma) << 8)
                        | clamp(b[i] + rnd.nextGaussian() * sigma);
            }
            img.setRGB(0, y, fw, 1, row, 0, fw);
        }
        double f = kind == Kind.DOWNSCALE || all ? 0.55 : 1;
        if (f != 1) {
            img = scale(img, f);
        }
        double[] qx = new double[4];
        double[] qy = new double[4];
        for (int i = 0; i < 4; i++) {
            qx[i] = c[i][0] * f;
            qy[i] = c[i][1] * f;
        }
        if (kind == Kind.JPEG || all) {
            float q = (30 + rnd.nextInt(16)) / 100f;
            byte[] jpeg = jpeg(img, q);
            try {
                return new Photo(ImageIO.read(new java.io.ByteArrayInputStream(jpeg)), jpeg, "jpg", qx, qy);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Photo(img, png(img), "png", qx, qy);
    }

    private static int clamp(double v) {
        return v < 0 ? 0 : v > 255 ? 255 : (int) Math.round(v);
    }

    private static double bilinear(Gray g, double x, double y) {
        int x0 = (int) x;
        int y0 = (int) y;
        double fx = x - x0;
        double fy = y - y0;
        double top = g.get(x0, y0) * (1 - fx) + g.get(x0 + 1, y0) * fx;
        double bottom = g.get(x0, y0 + 1) * (1 - fx) + g.get(x0 + 1, y0 + 1) * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static float[] motionBlur(float[] c, int w, int h, int len, double angle) {
        float[] out = new float[c.length];
        int[] ox = new int[len];
        int[] oy = new int[len];
        for (int i = 0; i < len; i++) {
            double t = i - (len - 1) / 2.0;
            ox[i] = (int) Math.round(t * Math.cos(angle));
            oy[i] = (int) Math.round(t * Math.sin(angle));
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int i = 0; i < len; i++) {
                    int xx = Math.max(0, Math.min(w - 1, x + ox[i]));
                    int yy = Math.max(0, Math.min(h - 1, y + oy[i]));
                    s += c[yy * w + xx];
                }
                out[y * w + x] = s / len;
            }
        }
        return out;
    }

    private static BufferedImage scale(BufferedImage img, double f) {
        int nw = (int) Math.round(img.getWidth() * f);
        int nh = (int) Math.round(img.getHeight() * f);
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D gr = out.createGraphics();
        try {
            gr.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            gr.setRenderingHint(java.awt.RenderingHints.KEY_RENDERING, java.awt.RenderingHints.VALUE_RENDER_QUALITY);
            gr.drawImage(img.getScaledInstance(nw, nh, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        } finally {
            gr.dispose();
        }
        return out;
    }

    /** Encodes as JPEG at {@code quality} (0 to 1). */
    public static byte[] jpeg(BufferedImage img, float quality) {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bos)) {
            w.setOutput(out);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            w.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            w.dispose();
        }
        return bos.toByteArray();
    }

    private static byte[] png(BufferedImage img) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }
}
