package dev.trae.oracle.internal;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * The CSV text of floating-point, date and time values: what {@link CsvRowWriter} prints for them
 * (integers and decimals it prints itself, through {@link TextOut}). One instance
 * per thread.
 *
 * <p>Doubles and floats are printed by the Schubfach algorithm (jackson-core's {@link NumberOutput}): the
 * shortest decimal that reads back as the same value, in {@link Double#toString} notation. JDK 17's
 * {@code Double.toString} is 2-3x slower and sometimes prints a digit more than needed (both read back
 * the same).
 */
final class CsvText {
    private final char[] scratch = new char[IsoText.MAX];
    private final boolean[][] tzFallback;

    CsvText(int columns) {
        this.tzFallback = new boolean[columns][1];
    }

    /** The text of column {@code i}, of a kind that {@link #renders}; {@code null} for SQL NULL. */
    String render(Cells rs, int i, Kind kind) throws SQLException {
        switch (kind) {
            case DOUBLE: {
                double v = rs.getDouble(i);
                return v == 0 && rs.wasNull() ? null : NumberOutput.toString(v, true);
            }
            case FLOAT: {
                float v = rs.getFloat(i);
                return v == 0 && rs.wasNull() ? null : NumberOutput.toString(v, true);
            }
            case DATE: {
                LocalDate v = Values.date(rs, i);
                return v == null ? null : v.toString();
            }
            case TIME: {
                LocalTime v = Values.time(rs, i);
                return v == null ? null : v.toString();
            }
            case TIMESTAMP: {
                LocalDateTime v = Values.timestamp(rs, i);
                return v == null ? null : new String(scratch, 0, IsoText.localDateTime(v, scratch));
            }
            case TIMESTAMP_TZ: {
                OffsetDateTime v = Values.timestampTz(rs, i, tzFallback[i - 1]);
                return v == null ? null : new String(scratch, 0, IsoText.offsetDateTime(v, scratch));
            }
            default:
                throw new IllegalArgumentException(kind + " is not rendered as text");
        }
    }
}
