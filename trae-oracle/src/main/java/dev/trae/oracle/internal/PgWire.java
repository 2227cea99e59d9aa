package dev.trae.oracle.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;

import org.postgresql.PGResultSetMetaData;
import org.postgresql.core.BaseConnection;

/**
 * Which columns of a pgjdbc result set can be written from the bytes the driver received ({@link Cells.Wire}),
 * skipping its decoding into Java objects: pgjdbc's {@code getBytes} returns a column's raw bytes, without a copy,
 * for every column except {@code bytea} in text format. Those bytes are
 * <ul>
 *   <li>for a text-format column (text, varchar, char, json, jsonb, interval, ...), in a UTF-8 session, the
 *       UTF-8 text that {@code getString} would decode;</li>
 *   <li>for a binary {@code numeric}, PostgreSQL's base-10000 digits;</li>
 *   <li>for a binary {@code timestamptz}, microseconds since 2000-01-01 UTC.</li>
 * </ul>
 * The format of each column is the one the server sends for this result ({@code PGResultSetMetaData.getFormat}),
 * so a URL that turns binary transfer off ({@code prepareThreshold}, {@code binaryTransfer=false}) only changes
 * which columns qualify. pgjdbc is an optional dependency: nothing of it is touched unless it is on the class path.
 */
final class PgWire {
    private static final boolean PRESENT = present();

    private PgWire() {
    }

    private static boolean present() {
        // on the module path this also makes the module read the class path, where pgjdbc may be (see ClassPath)
        return ClassPath.has("org.postgresql.PGResultSetMetaData") && ClassPath.has("org.postgresql.core.BaseConnection");
    }

    /** The wire form of every column of {@code rs} (index 0 is column 1), or null when none has one. */
    static Cells.Wire[] forms(ResultSet rs) {
        if (!PRESENT || rs == null) {
            return null;
        }
        try {
            return Reader.forms(rs);
        } catch (SQLException | RuntimeException | LinkageError e) {
            // a proxy that does not unwrap, a closed statement: the typed getters always work
            return null;
        }
    }

    /** Holds the references to pgjdbc's classes, loaded only when it is present. */
    private static final class Reader {
        static Cells.Wire[] forms(ResultSet rs) throws SQLException {
            ResultSetMetaData md = rs.getMetaData();
            if (!md.isWrapperFor(PGResultSetMetaData.class)) {
                return null;
            }
            PGResultSetMetaData pg = md.unwrap(PGResultSetMetaData.class);
            boolean utf8 = utf8(rs);
            Cells.Wire[] out = new Cells.Wire[md.getColumnCount()];
            boolean any = false;
            for (int i = 1; i <= out.length; i++) {
                String type = md.getColumnTypeName(i);
                type = type == null ? "" : type.toLowerCase(Locale.ROOT);
                boolean binary = pg.getFormat(i) == 1;
                Cells.Wire w = Cells.Wire.NONE;
                if (binary && type.equals("numeric")) {
                    w = Cells.Wire.PG_NUMERIC;
                } else if (binary && type.equals("timestamptz")) {
                    w = Cells.Wire.PG_TIMESTAMPTZ;
                } else if (!binary && utf8 && !type.equals("bytea")) {
                    w = Cells.Wire.UTF8;
                }
                out[i - 1] = w;
                any |= w != Cells.Wire.NONE;
            }
            return any ? out : null;
        }

        /** Whether the session's client encoding is UTF-8 (pgjdbc sets it, unless allowEncodingChanges let it change). */
        private static boolean utf8(ResultSet rs) throws SQLException {
            if (rs.getStatement() == null) {
                return false;
            }
            Connection c = rs.getStatement().getConnection();
            if (!c.isWrapperFor(BaseConnection.class)) {
                return false;
            }
            String name = c.unwrap(BaseConnection.class).getEncoding().name();
            return name.equalsIgnoreCase("UTF8") || name.equalsIgnoreCase("UTF-8");
        }
    }
}
