package dev.trae.oracle.internal;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.trae.oracle.model.ManifestColumn;

/** A source column: its metadata and the {@link Kind} it is exported as. Immutable. */
public final class ColumnInfo {
    /** Oracle's vendor type codes (oracle.jdbc.OracleTypes), without a compile dependency on the driver. */
    static final int ORACLE_TIMESTAMPTZ = -101;
    static final int ORACLE_TIMESTAMPLTZ = -102;
    static final int ORACLE_INTERVALYM = -103;
    static final int ORACLE_INTERVALDS = -104;
    static final int ORACLE_BINARY_FLOAT = 100;
    static final int ORACLE_BINARY_DOUBLE = 101;

    final String name;
    final int jdbcType;
    final String typeName;
    final int precision;
    final int scale;
    final boolean nullable;
    final Kind kind;

    ColumnInfo(String name, int jdbcType, String typeName, int precision, int scale, boolean nullable, Kind kind) {
        this.name = name;
        this.jdbcType = jdbcType;
        this.typeName = typeName == null ? "" : typeName;
        this.precision = precision;
        this.scale = scale;
        this.nullable = nullable;
        this.kind = kind;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether a decimal fits Parquet's DECIMAL logical type (precision 1..38, scale 0..precision). */
    boolean boundedDecimal() {
        return kind == Kind.DECIMAL && precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision;
    }

    /** Whether this is an integer-valued key that can be split into ranges. */
    boolean integral() {
        return kind == Kind.LONG || kind == Kind.DECIMAL && scale == 0 && precision > 0;
    }

    String exportType() {
        switch (kind) {
            case DECIMAL:
                return boundedDecimal() ? "DECIMAL(" + precision + "," + scale + ")" : "DECIMAL";
            default:
                return kind.name();
        }
    }

    ManifestColumn toManifest() {
        return new ManifestColumn(name, jdbcType, typeName, precision, scale, nullable, exportType());
    }

    static List<ColumnInfo> from(ResultSetMetaData md, Dialect dialect) throws SQLException {
        List<ColumnInfo> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            int type = md.getColumnType(i);
            String typeName = md.getColumnTypeName(i);
            final int col = i;
            int precision = safe(() -> md.getPrecision(col));
            int scale = safe(() -> md.getScale(col));
            boolean nullable = md.isNullable(i) != ResultSetMetaData.columnNoNulls;
            String label = md.getColumnLabel(i);
            out.add(new ColumnInfo(label, type, typeName, precision, scale, nullable, kindOf(type, typeName, precision, scale, dialect)));
        }
        return out;
    }

    private interface IntCall {
        int get() throws SQLException;
    }

    private static int safe(IntCall c) {
        try {
            return c.get();
        } catch (SQLException | RuntimeException e) {
            return 0;
        }
    }

    static Kind kindOf(int type, String typeName, int precision, int scale, Dialect dialect) {
        String tn = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        switch (type) {
            case Types.BOOLEAN:
                return Kind.BOOLEAN;
            case Types.BIT:
                return tn.equals("bit") && precision > 1 ? Kind.STRING : Kind.BOOLEAN;
            case Types.TINYINT: case Types.SMALLINT: case Types.INTEGER: case Types.BIGINT:
                return Kind.LONG;
            case Types.NUMERIC: case Types.DECIMAL:
                return Kind.DECIMAL;
            case Types.REAL:
                return Kind.FLOAT;
            case Types.FLOAT:
                // Oracle FLOAT(b) is a decimal NUMBER
                return dialect == Dialect.ORACLE ? Kind.DECIMAL : Kind.DOUBLE;
            case Types.DOUBLE: case ORACLE_BINARY_DOUBLE:
                return Kind.DOUBLE;
            case ORACLE_BINARY_FLOAT:
                return Kind.FLOAT;
            case Types.CHAR: case Types.VARCHAR: case Types.LONGVARCHAR: case Types.NCHAR: case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
                return Kind.STRING;
            case Types.CLOB: case Types.NCLOB:
                return Kind.CLOB;
            case Types.BINARY: case Types.VARBINARY: case Types.LONGVARBINARY:
                return Kind.BYTES;
            case Types.BLOB:
                return Kind.BLOB;
            case Types.DATE:
                // an Oracle DATE has a time part
                return dialect == Dialect.ORACLE ? Kind.TIMESTAMP : Kind.DATE;
            case Types.TIME:
                return Kind.TIME;
            case Types.TIMESTAMP:
                return tn.equals("timestamptz") ? Kind.TIMESTAMP_TZ : Kind.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE: case ORACLE_TIMESTAMPTZ: case ORACLE_TIMESTAMPLTZ:
                return Kind.TIMESTAMP_TZ;
            case ORACLE_INTERVALYM: case ORACLE_INTERVALDS:
            default:
                // INTERVAL, ROWID, UUID, JSON, XML, arrays, TIME WITH TIME ZONE: their text form
                return Kind.STRING;
        }
    }

    @Override
    public String toString() {
        return name + ":" + typeName + "(" + kind + ")";
    }
}
