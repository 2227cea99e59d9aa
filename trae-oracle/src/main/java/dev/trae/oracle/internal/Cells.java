package dev.trae.oracle.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * The current row's values, as the format writers read them: the subset of {@link ResultSet} they use,
 * so that a row can come straight from the driver ({@link #of(ResultSet)}) or from a batch that a reader
 * thread prefetched ({@link PrefetchingRowStream}). Columns are 1-based; {@link #wasNull()} refers to the
 * last value read.
 */
interface Cells {
    long getLong(int i) throws SQLException;

    double getDouble(int i) throws SQLException;

    float getFloat(int i) throws SQLException;

    boolean getBoolean(int i) throws SQLException;

    boolean wasNull() throws SQLException;

    BigDecimal getBigDecimal(int i) throws SQLException;

    String getString(int i) throws SQLException;

    byte[] getBytes(int i) throws SQLException;

    Reader getCharacterStream(int i) throws SQLException;

    InputStream getBinaryStream(int i) throws SQLException;

    Timestamp getTimestamp(int i) throws SQLException;

    <T> T getObject(int i, Class<T> type) throws SQLException;

    /**
     * How column {@code i}'s {@link #getBytes} bytes can be written without the typed getter: the driver hands them
     * over as they came off the wire ({@link Wire}). {@link Wire#NONE} (the default): use the typed getters.
     */
    default Wire wire(int i) {
        return Wire.NONE;
    }

    /** What {@link #getBytes} returns for a column whose bytes are written as they came from the driver. */
    enum Wire {
        /** Read it through the typed getters. */
        NONE,
        /** The text's UTF-8 bytes (pgjdbc: a text-format column in a UTF-8 session). */
        UTF8,
        /** PostgreSQL's binary numeric. */
        PG_NUMERIC,
        /** PostgreSQL's binary timestamptz: 8 bytes, microseconds since 2000-01-01T00:00Z. */
        PG_TIMESTAMPTZ
    }

    /**
     * The live row of {@code rs}. With pgjdbc, text-format text columns, binary numerics and binary timestamptz
     * columns are marked with their {@link Wire} form (see {@link PgWire}); other drivers' columns are all
     * {@link Wire#NONE}.
     */
    static Cells of(ResultSet rs) {
        return of(rs, true);
    }

    /** The live row of {@code rs}; with {@code wire} false every column is read through the typed getters. */
    static Cells of(ResultSet rs, boolean wire) {
        Wire[] wires = wire ? PgWire.forms(rs) : null;
        return new Cells() {
            @Override
            public Wire wire(int i) {
                return wires == null ? Wire.NONE : wires[i - 1];
            }

            @Override
            public long getLong(int i) throws SQLException {
                return rs.getLong(i);
            }

            @Override
            public double getDouble(int i) throws SQLException {
                return rs.getDouble(i);
            }

            @Override
            public float getFloat(int i) throws SQLException {
                return rs.getFloat(i);
            }

            @Override
            public boolean getBoolean(int i) throws SQLException {
                return rs.getBoolean(i);
            }

            @Override
            public boolean wasNull() throws SQLException {
                return rs.wasNull();
            }

            @Override
            public BigDecimal getBigDecimal(int i) throws SQLException {
                return rs.getBigDecimal(i);
            }

            @Override
            public String getString(int i) throws SQLException {
                return rs.getString(i);
            }

            @Override
            public byte[] getBytes(int i) throws SQLException {
                return rs.getBytes(i);
            }

            @Override
            public Reader getCharacterStream(int i) throws SQLException {
                return rs.getCharacterStream(i);
            }

            @Override
            public InputStream getBinaryStream(int i) throws SQLException {
                return rs.getBinaryStream(i);
            }

            @Override
            public Timestamp getTimestamp(int i) throws SQLException {
                return rs.getTimestamp(i);
            }

            @Override
            public <T> T getObject(int i, Class<T> type) throws SQLException {
                return rs.getObject(i, type);
            }
        };
    }
}
