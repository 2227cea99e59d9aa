package dev.trae.oracle;

/** Output file format of an export. */
public enum ExportFormat {
    /** RFC 4180 CSV with a header row; NULL and the empty string stay distinct (see {@link CsvOptions}). */
    CSV("csv"),
    /** JSON Lines: one typed JSON object per row (exact decimals, base64 binary, ISO-8601 times). */
    JSONL("jsonl"),
    /** Apache Parquet (needs {@code org.apache.parquet:parquet-hadoop} on the class path; no Hadoop jar at run time). */
    PARQUET("parquet");

    private final String extension;

    ExportFormat(String extension) {
        this.extension = extension;
    }

    /** File name extension without the dot. */
    public String extension() {
        return extension;
    }

    /** Parses {@code csv}, {@code jsonl} (or {@code json}) and {@code parquet}, case-insensitively. */
    public static ExportFormat parse(String s) {
        if (s != null) {
            switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "csv": return CSV;
                case "jsonl": case "json": case "ndjson": return JSONL;
                case "parquet": return PARQUET;
                default: break;
            }
        }
        throw new dev.trae.aws.core.TraeValidationException("format", "must be csv, jsonl or parquet, was " + s);
    }
}
