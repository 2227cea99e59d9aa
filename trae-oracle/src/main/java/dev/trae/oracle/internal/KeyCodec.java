package dev.trae.oracle.internal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import dev.trae.aws.core.TraeValidationException;

/** Reads, compares, serialises and binds values of the ordering key column. */
final class KeyCodec {
    private final Kind kind;
    private final boolean[] tzFallback = new boolean[1];

    KeyCodec(ColumnInfo key) {
        switch (key.kind) {
            case LONG: case DECIMAL: case STRING: case DATE: case TIMESTAMP: case TIMESTAMP_TZ:
                this.kind = key.kind;
                break;
            default:
                throw new TraeValidationException("key", "column " + key.name + " is " + key.kind
                        + "; a key must be an integer, decimal, text, date or timestamp column");
        }
    }

    Kind kind() {
        return kind;
    }

    Object read(Cells rs, int i) throws SQLException {
        switch (kind) {
            case LONG: {
                long v = rs.getLong(i);
                return v == 0 && rs.wasNull() ? null : (Object) v;
            }
            case DECIMAL: return rs.getBigDecimal(i);
            case STRING: return rs.getString(i);
            case DATE: return Values.date(rs, i);
            case TIMESTAMP: return Values.timestamp(rs, i);
            default: return Values.timestampTz(rs, i, tzFallback);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof OffsetDateTime) {
            return ((OffsetDateTime) a).toInstant().compareTo(((OffsetDateTime) b).toInstant());
        }
        return ((Comparable) a).compareTo(b);
    }

    String format(Object v) {
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        return v.toString();
    }

    Object parse(String s) {
        try {
            switch (kind) {
                case LONG: return Long.parseLong(s.trim());
                case DECIMAL: return new BigDecimal(s.trim());
                case STRING: return s;
                case DATE: return LocalDate.parse(s.trim());
                case TIMESTAMP: return LocalDateTime.parse(s.trim());
                default: return OffsetDateTime.parse(s.trim());
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new TraeValidationException("incrementalFrom", "is not a valid " + kind + " value for the key column");
        }
    }

    void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        ps.setObject(i, v);
    }
}
