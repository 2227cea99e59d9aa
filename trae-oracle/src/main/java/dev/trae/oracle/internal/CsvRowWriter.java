package dev.trae.oracle.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;

import dev.trae.oracle.CsvOptions;

/** RFC 4180 CSV. NULL is {@link CsvOptions#nullText()} unquoted; an empty string is {@code ""}. CLOBs and BLOBs are streamed. */
final class CsvRowWriter implements RowWriter {
    private final Writer w;
    private final ColumnInfo[] cols;
    private final char delim;
    private final String eol;
    private final String nullText;
    private final boolean[][] tzFallback;
    private final char[] chunk = new char[8192];
    private final byte[] bchunk = new byte[3 * 4096];

    CsvRowWriter(OutputStream out, List<ColumnInfo> columns, CsvOptions o) throws IOException {
        this.w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.cols = columns.toArray(new ColumnInfo[0]);
        this.delim = o.delimiter();
        this.eol = o.lineSeparator();
        this.nullText = o.nullText();
        this.tzFallback = new boolean[cols.length][1];
        if (o.header()) {
            for (int i = 0; i < cols.length; i++) {
                if (i > 0) {
                    w.write(delim);
                }
                text(cols[i].name);
            }
            w.write(eol);
        }
    }

    @Override
    public void write(ResultSet rs) throws SQLException, IOException {
        for (int c = 0; c < cols.length; c++) {
            if (c > 0) {
                w.write(delim);
            }
            int i = c + 1;
            switch (cols[c].kind) {
                case LONG: {
                    long v = rs.getLong(i);
                    if (v == 0 && rs.wasNull()) {
                        w.write(nullText);
                    } else {
                        w.write(Long.toString(v));
                    }
                    break;
                }
                case DECIMAL: {
                    BigDecimal v = rs.getBigDecimal(i);
                    w.write(v == null ? nullText : v.toPlainString());
                    break;
                }
                case DOUBLE: {
                    double v = rs.getDouble(i);
                    w.write(v == 0 && rs.wasNull() ? nullText : Double.toString(v));
                    break;
                }
                case FLOAT: {
                    float v = rs.getFloat(i);
                    w.write(v == 0 && rs.wasNull() ? nullText : Float.toString(v));
                    break;
                }
                case BOOLEAN: {
                    boolean v = rs.getBoolean(i);
                    w.write(!v && rs.wasNull() ? nullText : (v ? "true" : "false"));
                    break;
                }
                case STRING: {
                    String v = rs.getString(i);
                    if (v == null) {
                        w.write(nullText);
                    } else {
                        text(v);
                    }
                    break;
                }
                case CLOB: {
                    Reader r = rs.getCharacterStream(i);
                    if (r == null) {
                        w.write(nullText);
                    } else {
                        try (r) {
                            clob(r);
                        }
                    }
                    break;
                }
                case BYTES: {
                    byte[] v = rs.getBytes(i);
                    w.write(v == null ? nullText : v.length == 0 ? "\"\"" : Base64.getEncoder().encodeToString(v));
                    break;
                }
                case BLOB: {
                    InputStream in = rs.getBinaryStream(i);
                    if (in == null) {
                        w.write(nullText);
                    } else {
                        try (in) {
                            blob(in);
                        }
                    }
                    break;
                }
                case DATE: {
                    LocalDate v = Values.date(rs, i);
                    w.write(v == null ? nullText : v.toString());
                    break;
                }
                case TIME: {
                    LocalTime v = Values.time(rs, i);
                    w.write(v == null ? nullText : v.toString());
                    break;
                }
                case TIMESTAMP: {
                    LocalDateTime v = Values.timestamp(rs, i);
                    w.write(v == null ? nullText : Values.TS.format(v));
                    break;
                }
                case TIMESTAMP_TZ: {
                    OffsetDateTime v = Values.timestampTz(rs, i, tzFallback[c]);
                    w.write(v == null ? nullText : Values.TS_TZ.format(v));
                    break;
                }
                default:
                    throw new IllegalStateException("unhandled kind " + cols[c].kind);
            }
        }
        w.write(eol);
    }

    private void text(String v) throws IOException {
        int n = v.length();
        if (n == 0) {
            w.write("\"\"");
            return;
        }
        boolean quote = false;
        for (int k = 0; k < n; k++) {
            char ch = v.charAt(k);
            if (ch == '"' || ch == delim || ch == '\n' || ch == '\r') {
                quote = true;
                break;
            }
        }
        if (!quote && v.equals(nullText)) {
            quote = true;
        }
        if (!quote) {
            w.write(v);
            return;
        }
        w.write('"');
        int start = 0;
        for (int k = 0; k < n; k++) {
            if (v.charAt(k) == '"') {
                w.write(v, start, k - start + 1);
                w.write('"');
                start = k + 1;
            }
        }
        w.write(v, start, n - start);
        w.write('"');
    }

    private void clob(Reader r) throws IOException {
        w.write('"');
        int n;
        while ((n = r.read(chunk)) > 0) {
            int start = 0;
            for (int k = 0; k < n; k++) {
                if (chunk[k] == '"') {
                    w.write(chunk, start, k - start + 1);
                    w.write('"');
                    start = k + 1;
                }
            }
            w.write(chunk, start, n - start);
        }
        w.write('"');
    }

    private void blob(InputStream in) throws IOException {
        boolean any = false;
        int filled = 0;
        int n;
        while ((n = in.read(bchunk, filled, bchunk.length - filled)) > 0) {
            filled += n;
            if (filled == bchunk.length) {
                w.write(Base64.getEncoder().encodeToString(bchunk));
                any = true;
                filled = 0;
            }
        }
        if (filled > 0) {
            w.write(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bchunk, filled)));
            any = true;
        }
        if (!any) {
            w.write("\"\"");
        }
    }

    @Override
    public void finish() throws IOException {
        w.close();
    }
}
