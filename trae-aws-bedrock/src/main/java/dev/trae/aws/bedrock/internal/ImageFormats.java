package dev.trae.aws.bedrock.internal;

/** Magic-byte checks of image formats, so corrupt uploads fail before a call. */
public final class ImageFormats {
    private ImageFormats() {
    }

    public static boolean matches(byte[] b, String format) {
        switch (format) {
            case "png":
                return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
            case "jpeg":
                return b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
            case "gif":
                return b.length > 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8';
            case "webp":
                return b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P';
            default:
                return false;
        }
    }

    /** The format of image bytes, or null. */
    public static String detect(byte[] b) {
        for (String f : new String[] {"png", "jpeg", "gif", "webp"}) {
            if (matches(b, f)) {
                return f;
            }
        }
        return null;
    }
}
