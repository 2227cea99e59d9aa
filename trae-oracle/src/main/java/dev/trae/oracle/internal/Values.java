package dev.trae.oracle.internal;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Typed reads of column values, shared by the writers. Each method returns {@code null} for SQL NULL. */
final class Values {
    static final DateTimeFormatter TS = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
    static final DateTimeFormatter TS_TZ = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private Values() {
    }

    /**
     * A decimal: a {@link java.math.BigDecimal}, or the text of a value no BigDecimal holds (PostgreSQL's numeric
     * {@code NaN}, {@code Infinity} and {@code -Infinity}, which pgjdbc refuses to convert), or null.
     */
    static Object decimal(Cells rs, int i) throws SQLException {
        try {
            return rs.getBigDecimal(i);
        } catch (SQLException e) {
            String s = rs.getString(i);
            if ("NaN".equals(s) || "Infinity".equals(s) || "-Infinity".equals(s)) {
                return s;
            }
            throw e;
        }
    }

    static LocalDate date(Cells rs, int i) throws SQLException {
        return rs.getObject(i, LocalDate.class);
    }

    static LocalTime time(Cells rs, int i) throws SQLException {
        return rs.getObject(i, LocalTime.class);
    }

    static LocalDateTime timestamp(Cells rs, int i) throws SQLException {
        return rs.getObject(i, LocalDateTime.class);
    }

    /** A zoned timestamp with its offset; drivers that cannot give one (Oracle TIMESTAMP WITH LOCAL TIME ZONE) yield the instant in UTC. */
    static OffsetDateTime timestampTz(Cells rs, int i, boolean[] fallback) throws SQLException {
        if (!fallback[0]) {
            try {
                return rs.getObject(i, OffsetDateTime.class);
            } catch (SQLException | RuntimeException e) {
                fallback[0] = true;
            }
        }
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant().atOffset(ZoneOffset.UTC);
    }
}
