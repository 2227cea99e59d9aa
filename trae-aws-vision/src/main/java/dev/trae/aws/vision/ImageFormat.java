package dev.trae.aws.vision;

/** Image and document formats recognised from their magic bytes. */
public enum ImageFormat {
    JPEG, PNG, GIF, BMP, TIFF, WEBP, HEIC, PDF, UNKNOWN;

    /** The format of {@code b} from its leading bytes, never from a file name. */
    public static ImageFormat detect(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return JPEG;
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0d && b[5] == 0x0a) {
            return PNG;
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return GIF;
        }
        if (b.length >= 14 && b[0] == 'B' && b[1] == 'M') {
            return BMP;
        }
        if (b.length >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
            return TIFF;
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return WEBP;
        }
        if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p'
                && (new String(b, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1).matches("hei[cx]|mif1|msf1|heim|heis|avif"))) {
            return HEIC;
        }
        if (b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-') {
            return PDF;
        }
        return UNKNOWN;
    }
}
