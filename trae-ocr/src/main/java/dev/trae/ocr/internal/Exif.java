package dev.trae.ocr.internal;

import java.awt.image.BufferedImage;

/**
 * The EXIF orientation of a JPEG (how the camera was held) and its application to the decoded image. The JDK's
 * JPEG reader ignores it, so a phone photo taken upright would otherwise reach OCR on its side.
 */
final class Exif {
    private Exif() {
    }

    /**
     * The Orientation tag (0x0112) of the first APP1 "Exif" segment: 1 (as stored) to 8; 1 when absent or unreadable.
     * Values: 3 = turned 180 degrees, 6 = the stored image must be turned 90 degrees clockwise, 8 = 90 degrees
     * counter-clockwise; 2, 4, 5, 7 are the mirrored variants.
     */
    static int orientation(byte[] jpeg) {
        try {
            int i = 2;
            while (i + 4 < jpeg.length && (jpeg[i] & 0xff) == 0xFF) {
                int marker = jpeg[i + 1] & 0xff;
                int len = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
                if (marker == 0xDA || marker == 0xD9) {
                    break; // start of scan: no more metadata
                }
                if (marker == 0xE1 && len >= 16 && jpeg[i + 4] == 'E' && jpeg[i + 5] == 'x' && jpeg[i + 6] == 'i' && jpeg[i + 7] == 'f') {
                    return fromTiff(jpeg, i + 10, Math.min(jpeg.length, i + 2 + len));
                }
                i += 2 + len;
            }
        } catch (RuntimeException e) {
            return 1;
        }
        return 1;
    }

    private static int fromTiff(byte[] b, int t, int end) {
        boolean little = b[t] == 'I' && b[t + 1] == 'I';
        if (!little && !(b[t] == 'M' && b[t + 1] == 'M')) {
            return 1;
        }
        int ifd = t + u32(b, t + 4, little);
        int n = u16(b, ifd, little);
        for (int k = 0; k < n; k++) {
            int e = ifd + 2 + 12 * k;
            if (e + 12 > end) {
                return 1;
            }
            if (u16(b, e, little) == 0x0112) {
                int v = u16(b, e + 8, little);
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) : ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static int u32(byte[] b, int i, boolean little) {
        return little ? u16(b, i, true) | (u16(b, i + 2, true) << 16) : (u16(b, i, false) << 16) | u16(b, i + 2, false);
    }

    /** The image as it should be seen for an orientation value. */
    static BufferedImage apply(BufferedImage img, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        boolean swap = orientation >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h,
                img.getType() == BufferedImage.TYPE_BYTE_GRAY ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int nx;
                int ny;
                switch (orientation) {
                    case 2: nx = w - 1 - x; ny = y; break;
                    case 3: nx = w - 1 - x; ny = h - 1 - y; break;
                    case 4: nx = x; ny = h - 1 - y; break;
                    case 5: nx = y; ny = x; break;
                    case 6: nx = h - 1 - y; ny = x; break;
                    case 7: nx = h - 1 - y; ny = w - 1 - x; break;
                    default: nx = y; ny = w - 1 - x; break; // 8
                }
                out.setRGB(nx, ny, row[x]);
            }
        }
        return out;
    }
}
