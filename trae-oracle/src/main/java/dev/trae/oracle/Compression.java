package dev.trae.oracle;

/**
 * Compression of the exported files. For CSV and JSON Lines the whole file is compressed (gzip through
 * the JDK, zstd through the optional {@code com.github.luben:zstd-jni}); for Parquet it is the column
 * chunk codec inside the file.
 */
public enum Compression {
    NONE(""),
    GZIP(".gz"),
    ZSTD(".zst"),
    /** Parquet only. */
    SNAPPY("");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** Suffix appended to CSV and JSON Lines file names ({@code .gz}, {@code .zst}); empty otherwise. */
    public String suffix() {
        return suffix;
    }

    /** Parses {@code none}, {@code gzip}, {@code zstd}, {@code snappy}, case-insensitively. */
    public static Compression parse(String s) {
        if (s != null) {
            switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "none": case "": return NONE;
                case "gzip": case "gz": return GZIP;
                case "zstd": case "zst": return ZSTD;
                case "snappy": return SNAPPY;
                default: break;
            }
        }
        throw new dev.trae.aws.core.TraeValidationException("compression", "must be none, gzip, zstd or snappy, was " + s);
    }
}
