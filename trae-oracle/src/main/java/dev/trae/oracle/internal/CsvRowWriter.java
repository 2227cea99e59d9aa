package dev.trae.oracle.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

import dev.trae.oracle.CsvOptions;

/**
 * RFC 4180 CSV, UTF-8. NULL is {@link CsvOptions#nullText()} unquoted; an empty string is {@code ""}.
 * CLOBs and BLOBs are streamed. Numbers and timestamps are printed straight into the output buffer.
 */
final class CsvRowWriter implements RowWriter {
    private final TextOut w;
    private final ColumnInfo[] cols;
    private final char delim;
    private final byte delimByte;
    private final boolean asciiDelim;
    private final byte[] delimBytes;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private final byte[] nullBytes;
    private final byte[] eolBytes;
    private final CsvText render;
    private final String nullText;
    private final char[] chunk = new char[8192];
    private final byte[] bchunk = new byte[3 * 4096];

    CsvRowWriter(OutputStream out, List<ColumnInfo> columns, CsvOptions o) throws IOException {
        this.w = new TextOut(out);
        this.cols = columns.toArray(new ColumnInfo[0]);
        this.delim = o.delimiter();
        // a non-ASCII delimiter is looked for in the chars (asciiDelim false), an ASCII one in the bytes
        this.asciiDelim = delim < 0x80;
        this.delimByte = asciiDelim ? (byte) delim : (byte) '"';
        this.delimBytes = String.valueOf(delim).getBytes(StandardCharsets.UTF_8);
        this.nullText = o.nullText();
        this.nullBytes = nullText.getBytes(StandardCharsets.UTF_8);
        this.eolBytes = o.lineSeparator().getBytes(StandardCharsets.UTF_8);
        this.render = new CsvText(cols.length);
        this.wires = new Cells.Wire[cols.length];
        if (o.header()) {
            for (int i = 0; i < cols.length; i++) {
                if (i > 0) {
                    w.bytes(delimBytes, 0, delimBytes.length);
                }
                text(cols[i].name);
            }
            w.bytes(eolBytes, 0, eolBytes.length);
        }
    }

    /** The cells whose wire forms {@link #wires} holds. */
    private Cells wiresOf;
    /** Per column: the bytes the driver hands over can be written as they are ({@link Cells#wire}). */
    private final Cells.Wire[] wires;

    @Override
    public void write(Cells rs) throws SQLException, IOException {
        if (rs != wiresOf) {
            for (int c = 0; c < cols.length; c++) {
                Cells.Wire wire = rs.wire(c + 1);
                Kind k = cols[c].kind;
                // each form only for the kind it stands for; text bytes are searched for an ASCII delimiter only
                boolean fits = wire == Cells.Wire.UTF8 ? k == Kind.STRING && asciiDelim
                        : wire == Cells.Wire.PG_NUMERIC ? k == Kind.DECIMAL
                        : wire == Cells.Wire.PG_TIMESTAMPTZ && k == Kind.TIMESTAMP_TZ;
                wires[c] = fits ? wire : Cells.Wire.NONE;
            }
            wiresOf = rs;
        }
        for (int c = 0; c < cols.length; c++) {
            if (c > 0) {
                w.bytes(delimBytes, 0, delimBytes.length);
            }
            int i = c + 1;
            if (wires[c] != Cells.Wire.NONE && wire(rs, i, wires[c])) {
                continue;
            }
            switch (cols[c].kind) {
                case LONG: {
                    long v = rs.getLong(i);
                    if (v == 0 && rs.wasNull()) {
                        w.bytes(nullBytes, 0, nullBytes.length);
                    } else {
                        w.decimal(v);
                    }
                    break;
                }
                case DECIMAL: {
                    Object v = Values.decimal(rs, i);
                    if (v == null) {
                        w.bytes(nullBytes, 0, nullBytes.length);
                    } else if (v instanceof java.math.BigDecimal) {
                        w.plain((java.math.BigDecimal) v);
                    } else {
                        // NaN, Infinity, -Infinity: PostgreSQL's own spelling, which it reads back
                        w.asciiText((String) v);
                    }
                    break;
                }
                case DOUBLE: {
                    double v = rs.getDouble(i);
                    if (v == 0 && rs.wasNull()) {
                        w.bytes(nullBytes, 0, nullBytes.length);
                    } else {
                        w.shortest(v);
                    }
                    break;
                }
                case FLOAT: case DATE: case TIME: case TIMESTAMP: case TIMESTAMP_TZ: {
                    String v = render.render(rs, i, cols[c].kind);
                    if (v == null) {
                        w.bytes(nullBytes, 0, nullBytes.length);
                    } else {
                        w.asciiText(v);
                    }
                    break;
                }
                case BOOLEAN: {
                    boolean v = rs.getBoolean(i);
                    byte[] t = !v && rs.wasNull() ? nullBytes : v ? TRUE : FALSE;
                    w.bytes(t, 0, t.length);
                    break;
                }
                case STRING: {
                    String v = rs.getString(i);
                    if (v == null) {
                        w.bytes(nullBytes, 0, nullBytes.length);
                    } else {
                        text(v);
                    }
                    break;
                }
                case CLOB: {
                    Reader r = rs.getCharacterStream(i);
                    if (r == null) {
                        w.bytes(nullBytes, 0, nullBytes.length);
                    } else {
                        try (r) {
                            clob(r);
                        }
                    }
                    break;
                }
                case BYTES: {
                    byte[] v = rs.getBytes(i);
                    w.text(v == null ? nullText : v.length == 0 ? "\"\"" : Base64.getEncoder().encodeToString(v));
                    break;
                }
                case BLOB: {
                    InputStream in = rs.getBinaryStream(i);
                    if (in == null) {
                        w.bytes(nullBytes, 0, nullBytes.length);
                    } else {
                        try (in) {
                            blob(in);
                        }
                    }
                    break;
                }
                default:
                    throw new IllegalStateException("unhandled kind " + cols[c].kind);
            }
        }
        w.bytes(eolBytes, 0, eolBytes.length);
    }

    /**
     * Column {@code i} from the bytes the driver received: true when written, false when the value is one that only
     * the typed getters print (a timestamp outside years 1..9999, a malformed numeric), written by the caller.
     */
    private boolean wire(Cells rs, int i, Cells.Wire wire) throws SQLException, IOException {
        byte[] b = rs.getBytes(i);
        if (b == null) {
            w.bytes(nullBytes, 0, nullBytes.length);
            return true;
        }
        switch (wire) {
            case UTF8:
                text(b);
                return true;
            case PG_NUMERIC:
                return w.pgNumeric(b);
            case PG_TIMESTAMPTZ:
                if (b.length != 8) {
                    return false;
                }
                long micros = 0;
                for (int k = 0; k < 8; k++) {
                    micros = (micros << 8) | (b[k] & 0xFF);
                }
                return w.pgTimestampTz(micros);
            default:
                return false;
        }
    }

    /** A text value given as its UTF-8 bytes, quoted as {@link #text(String)} quotes it (ASCII delimiter only). */
    private void text(byte[] b) throws IOException {
        int n = b.length;
        if (n == 0) {
            w.ascii('"');
            w.ascii('"');
            return;
        }
        int special = -1;
        for (int k = 0; k < n; k++) {
            byte x = b[k];
            if (x == '"' || x == delimByte || x == '\n' || x == '\r') {
                special = k;
                break;
            }
        }
        if (special < 0 && !java.util.Arrays.equals(b, nullBytes)) {
            w.bytes(b, 0, n);
            return;
        }
        w.ascii('"');
        quoted(b, Math.max(special, 0));
        w.ascii('"');
    }

    /** One row already formatted as CSV by someone else (PostgreSQL's COPY), without its line end: this writer adds its own. */
    void line(byte[] row, int length) throws IOException {
        w.bytes(row, 0, length);
        w.bytes(eolBytes, 0, eolBytes.length);
    }

    private void text(String v) throws IOException {
        int n = v.length();
        if (n == 0) {
            w.ascii('"');
            w.ascii('"');
            return;
        }
        // the JDK's (vectorised) encoder, then a scan of the bytes: UTF-8 never puts an ASCII byte inside a multi-byte character
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        int special = asciiDelim || v.indexOf(delim) < 0 ? -1 : 0;
        for (int k = 0; special < 0 && k < b.length; k++) {
            byte x = b[k];
            if (x == '"' || x == delimByte || x == '\n' || x == '\r') {
                special = k;
                break;
            }
        }
        if (special < 0 && !(n == nullText.length() && v.equals(nullText))) {
            w.bytes(b, 0, b.length);
            return;
        }
        w.ascii('"');
        quoted(b, Math.max(special, 0));
        w.ascii('"');
    }

    /** The body of a quoted field, UTF-8 encoded, with every {@code "} doubled; no quote comes before {@code from}. */
    private void quoted(byte[] b, int from) throws IOException {
        int start = 0;
        for (int k = from; k < b.length; k++) {
            if (b[k] == '"') {
                w.bytes(b, start, k + 1 - start);
                w.ascii('"');
                start = k + 1;
            }
        }
        w.bytes(b, start, b.length - start);
    }

    private void clob(Reader r) throws IOException {
        w.ascii('"');
        int carry = 0;
        int n;
        while ((n = r.read(chunk, carry, chunk.length - carry)) > 0) {
            int len = carry + n;
            // a surrogate pair split between two reads is written whole with the next read
            carry = Character.isHighSurrogate(chunk[len - 1]) ? 1 : 0;
            quoted(new String(chunk, 0, len - carry).getBytes(StandardCharsets.UTF_8), 0);
            if (carry == 1) {
                chunk[0] = chunk[len - 1];
            }
        }
        if (carry == 1) {
            quoted(String.valueOf(chunk[0]).getBytes(StandardCharsets.UTF_8), 0);
        }
        w.ascii('"');
    }

    private void blob(InputStream in) throws IOException {
        boolean any = false;
        int filled = 0;
        int n;
        while ((n = in.read(bchunk, filled, bchunk.length - filled)) > 0) {
            filled += n;
            if (filled == bchunk.length) {
                w.text(Base64.getEncoder().encodeToString(bchunk));
                any = true;
                filled = 0;
            }
        }
        if (filled > 0) {
            w.text(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bchunk, filled)));
            any = true;
        }
        if (!any) {
            w.text("\"\"");
        }
    }

    /** What the byte buffer holds and the file has not yet received (up to 64 KiB). */
    @Override
    public long bufferedBytes() {
        return w.buffered();
    }

    @Override
    public void finish() throws IOException {
        w.close();
    }
}
