package dev.trae.ocr.internal;

import java.awt.image.BufferedImage;

/** Cheap signs, taken before the image is turned grey, that an image is a photo rather than a scan. */
public final class PhotoCues {
    /**
     * A colour cast above this (mean chroma of the brighter half of the pixels, in 0-255 units) marks a photo:
     * scans of white paper are neutral (under 4 here), paper under warm indoor light is 20 and more.
     */
    public static final double COLOUR_CAST_PHOTO = 12;

    private PhotoCues() {
    }

    /** The mean colour distance from grey (max - min channel) of the brighter sampled pixels; 0 for grey images. */
    public static double colourCast(BufferedImage img) {
        int type = img.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY || type == BufferedImage.TYPE_BYTE_BINARY
                || img.getColorModel().getNumColorComponents() < 3) {
            return 0;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int step = Math.max(1, (int) Math.sqrt((double) w * h / 20000));
        long n = 0;
        double lumSum = 0;
        int cap = (w / step + 1) * (h / step + 1);
        float[] lum = new float[cap];
        float[] chroma = new float[cap];
        for (int y = step / 2; y < h; y += step) {
            for (int x = step / 2; x < w; x += step) {
                int c = img.getRGB(x, y);
                int r = (c >> 16) & 0xff;
                int g = (c >> 8) & 0xff;
                int b = c & 0xff;
                lum[(int) n] = 0.299f * r + 0.587f * g + 0.114f * b;
                chroma[(int) n] = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
                lumSum += lum[(int) n];
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        double mean = lumSum / n;
        double s = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (lum[i] >= mean) {
                s += chroma[i];
                m++;
            }
        }
        return m == 0 ? 0 : s / m;
    }
}
