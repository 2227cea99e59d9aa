package dev.trae.oracle;

import dev.trae.aws.core.TraeValidationException;

/**
 * CSV dialect: delimiter, header, line separator and the text written for SQL NULL. Immutable.
 *
 * <p>By default (RFC 4180) a NULL is an empty unquoted field and an empty string is {@code ""}, so the two
 * stay distinct; fields with the delimiter, a quote, CR or LF are quoted, quotes doubled.
 */
public final class CsvOptions {
    private static final CsvOptions DEFAULTS = new CsvOptions(',', true, "\r\n", "");
    private final char delimiter;
    private final boolean header;
    private final String lineSeparator;
    private final String nullText;

    private CsvOptions(char delimiter, boolean header, String lineSeparator, String nullText) {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new TraeValidationException("delimiter", "must not be a quote, CR or LF");
        }
        if (!lineSeparator.equals("\r\n") && !lineSeparator.equals("\n")) {
            throw new TraeValidationException("lineSeparator", "must be CRLF or LF");
        }
        if (nullText.indexOf('"') >= 0 || nullText.indexOf(delimiter) >= 0 || nullText.indexOf('\n') >= 0 || nullText.indexOf('\r') >= 0) {
            throw new TraeValidationException("nullText", "must not contain a quote, the delimiter, CR or LF");
        }
        this.delimiter = delimiter;
        this.header = header;
        this.lineSeparator = lineSeparator;
        this.nullText = nullText;
    }

    /** Comma, header, CRLF, NULL as an empty unquoted field. */
    public static CsvOptions defaults() {
        return DEFAULTS;
    }

    public char delimiter() {
        return delimiter;
    }

    public boolean header() {
        return header;
    }

    public String lineSeparator() {
        return lineSeparator;
    }

    /** Text written for NULL; never quoted. An empty string value is always written quoted when this is empty. */
    public String nullText() {
        return nullText;
    }

    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(d, header, lineSeparator, nullText);
    }

    public CsvOptions withHeader(boolean h) {
        return new CsvOptions(delimiter, h, lineSeparator, nullText);
    }

    public CsvOptions withLineSeparator(String s) {
        return new CsvOptions(delimiter, header, s == null ? "" : s, nullText);
    }

    public CsvOptions withNullText(String s) {
        return new CsvOptions(delimiter, header, lineSeparator, s == null ? "" : s);
    }

    @Override
    public String toString() {
        return "CsvOptions[delimiter=" + delimiter + ", header=" + header + ", lineSeparator="
                + (lineSeparator.equals("\n") ? "LF" : "CRLF") + ", nullText='" + nullText + "']";
    }
}
