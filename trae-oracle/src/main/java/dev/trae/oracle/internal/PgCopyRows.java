package dev.trae.oracle.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The rows of {@code COPY (SELECT ...) TO STDOUT (FORMAT csv)} through pgjdbc's {@code CopyManager}: the server
 * formats every value, and each row arrives as one CopyData message ending in {@code \n} (the protocol sends
 * "always one per row", https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-COPY), so
 * splitting files at row boundaries needs no parsing. The key field is parsed out of a row's bytes only when
 * it is asked for (at file boundaries). pgjdbc is an optional dependency: this class is loaded only after
 * {@link #unavailable} found it.
 */
final class PgCopyRows implements PartitionRows {
    private final CopyOut copy;
    private final KeyCodec key;
    private final int keyField;
    private final byte delimiter;
    private final byte[] nullText;
    private byte[] row;
    private byte[] previous;

    private PgCopyRows(CopyOut copy, KeyCodec key, int keyField, byte delimiter, String nullText) {
        this.nullText = nullText.getBytes(StandardCharsets.UTF_8);
        this.copy = copy;
        this.key = key;
        this.keyField = keyField;
        this.delimiter = delimiter;
    }

    /** Why COPY cannot be used through this connection, or null when it can. */
    static String unavailable(Connection c) {
        if (!ClassPath.has("org.postgresql.PGConnection")) {
            return "pgjdbc (org.postgresql:postgresql) is not on the class path (nor read by dev.trae.oracle on the module path)";
        }
        try {
            return c.isWrapperFor(PGConnection.class) ? null
                    : "the connection does not unwrap to pgjdbc's PGConnection (a pool or proxy without unwrap)";
        } catch (SQLException e) {
            return "the connection does not unwrap to pgjdbc's PGConnection: " + e.getMessage();
        }
    }

    /**
     * Pins the session's text forms for this transaction ({@code SET LOCAL}, undone by the rollback that ends the
     * partition) and starts the COPY. {@code keyField} is the 0-based position of the key among the exported
     * columns, or -1 without a key.
     */
    static PgCopyRows start(Connection c, String selectSql, char delimiter, String nullText, KeyCodec key, int keyField)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            // ISO dates in UTC and hex bytea whatever the server's or the role's defaults are
            st.execute("SET LOCAL DateStyle = 'ISO, YMD'");
            st.execute("SET LOCAL TimeZone = 'UTC'");
            st.execute("SET LOCAL bytea_output = 'hex'");
        }
        String sql = "COPY (" + selectSql + ") TO STDOUT (FORMAT csv, DELIMITER " + dollarQuoted(String.valueOf(delimiter))
                + ", NULL " + dollarQuoted(nullText) + ")";
        CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        return new PgCopyRows(copy, key, keyField, (byte) delimiter, nullText);
    }

    /** A dollar-quoted string constant whose tag does not occur in {@code s} (safe whatever standard_conforming_strings says). */
    static String dollarQuoted(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in a COPY option");
        }
        String tag = "$t$";
        // the closing tag must be the first place the tag occurs in the content followed by it
        for (int n = 0; (s + tag).indexOf(tag) != s.length(); n++) {
            tag = "$t" + n + "$";
        }
        return tag + s + tag;
    }

    @Override
    public boolean next() throws SQLException {
        previous = row;
        row = copy.readFromCopy();
        return row != null;
    }

    @Override
    public Object key() {
        return keyOf(row);
    }

    @Override
    public Object lastKey() {
        return keyOf(row != null ? row : previous);
    }

    @Override
    public void write(RowWriter writer) throws IOException {
        // every row ends with a single \n: the writer puts its own line separator there
        ((CsvRowWriter) writer).line(row, row.length - 1);
    }

    /** The key field of a row: an integer (the COPY path is only taken for integer keys) or null. */
    private Object keyOf(byte[] r) {
        if (key == null || keyField < 0 || r == null) {
            return null;
        }
        int end = r.length - 1;
        int field = 0;
        int start = 0;
        boolean quoted = false;
        int i = 0;
        for (; i < end; i++) {
            byte b = r[i];
            if (b == '"') {
                quoted = !quoted;
            } else if (!quoted && b == delimiter) {
                if (field == keyField) {
                    break;
                }
                field++;
                start = i + 1;
            }
        }
        if (field != keyField) {
            throw new IllegalStateException("a COPY row has fewer fields than the key's position " + keyField);
        }
        // an integer is never quoted: a field that is the NULL text is a NULL key
        if (java.util.Arrays.equals(r, start, i, nullText, 0, nullText.length)) {
            return null;
        }
        return key.parse(new String(r, start, i - start, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            // the connection is closed right after; the server ends the COPY then
        }
    }
}
