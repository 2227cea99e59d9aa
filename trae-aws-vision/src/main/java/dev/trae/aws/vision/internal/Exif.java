package dev.trae.aws.vision.internal;

import java.awt.image.BufferedImage;

/** Reads the EXIF orientation tag from a JPEG's APP1 segment and applies it to pixels. */
public final class Exif {
    private Exif() {
    }

    /** The EXIF orientation (1..8) of a JPEG, or 1 when absent or unreadable. */
    public static int orientation(byte[] jpeg) {
        try {
            int i = 2;
            while (i + 4 <= jpeg.length) {
                if ((jpeg[i] & 0xff) != 0xff) {
                    return 1;
                }
                int marker = jpeg[i + 1] & 0xff;
                if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01) {
                    i += 2;
                    continue;
                }
                if (marker == 0xda || marker == 0xd9) {
                    return 1;
                }
                int len = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
                if (len < 2 || i + 2 + len > jpeg.length) {
                    return 1;
                }
                if (marker == 0xe1 && len >= 16 && jpeg[i + 4] == 'E' && jpeg[i + 5] == 'x' && jpeg[i + 6] == 'i'
                        && jpeg[i + 7] == 'f' && jpeg[i + 8] == 0 && jpeg[i + 9] == 0) {
                    int o = fromTiff(jpeg, i + 10, i + 2 + len);
                    if (o >= 1 && o <= 8) {
                        return o;
                    }
                    return 1;
                }
                i += 2 + len;
            }
        } catch (RuntimeException e) {
            return 1;
        }
        return 1;
    }

    private static int fromTiff(byte[] b, int start, int end) {
        boolean little = b[start] == 'I' && b[start + 1] == 'I';
        if (!little && !(b[start] == 'M' && b[start + 1] == 'M')) {
            return 1;
        }
        long ifd = u32(b, start + 4, little);
        int p = (int) (start + ifd);
        if (ifd < 8 || p + 2 > end) {
            return 1;
        }
        int entries = u16(b, p, little);
        for (int e = 0; e < entries; e++) {
            int q = p + 2 + e * 12;
            if (q + 12 > end) {
                return 1;
            }
            if (u16(b, q, little) == 0x0112) {
                return u16(b, q + 8, little);
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int p, boolean little) {
        return little ? (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) : ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static long u32(byte[] b, int p, boolean little) {
        return little ? (u16(b, p, true) | ((long) u16(b, p + 2, true) << 16)) : (((long) u16(b, p, false) << 16) | u16(b, p + 2, false));
    }

    /** What an orientation does, for reports. */
    public static String describe(int o) {
        return switch (o) {
            case 2 -> "mirror horizontally";
            case 3 -> "rotate 180";
            case 4 -> "mirror vertically";
            case 5 -> "transpose";
            case 6 -> "rotate 90 clockwise";
            case 7 -> "transverse";
            case 8 -> "rotate 90 counter-clockwise";
            default -> "none";
        };
    }

    /** The image turned upright for an EXIF orientation. */
    public static BufferedImage apply(BufferedImage src, int o) {
        if (o <= 1 || o > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = o >= 5;
        int dw = swap ? h : w;
        int dh = swap ? w : h;
        BufferedImage dst = new BufferedImage(dw, dh, src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                int sx;
                int sy;
                switch (o) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                dst.setRGB(x, y, src.getRGB(sx, sy));
            }
        }
        return dst;
    }
}
