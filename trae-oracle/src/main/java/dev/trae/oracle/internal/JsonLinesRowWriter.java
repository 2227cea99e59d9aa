package dev.trae.oracle.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;

/**
 * JSON Lines: one object per row, keys in column order. Integers and decimals are JSON numbers written
 * exactly (plain notation, no binary floating point in between); NaN and infinities become strings;
 * binary is base64; dates and times are ISO-8601 strings, zoned timestamps with their offset.
 */
final class JsonLinesRowWriter implements RowWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            // Schubfach: the shortest text that reads back as the same double, 2-3x faster than JDK 17's
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    private final JsonGenerator g;
    private final OutputStream out;
    private final ColumnInfo[] cols;
    private final SerializedString[] names;
    private final boolean[][] tzFallback;
    private boolean any;

    JsonLinesRowWriter(OutputStream out, List<ColumnInfo> columns) throws IOException {
        this.out = out;
        this.g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        this.g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
        this.cols = columns.toArray(new ColumnInfo[0]);
        this.names = new SerializedString[cols.length];
        for (int i = 0; i < cols.length; i++) {
            names[i] = new SerializedString(cols[i].name);
        }
        this.tzFallback = new boolean[cols.length][1];
    }

    @Override
    public void write(Cells rs) throws SQLException, IOException {
        any = true;
        g.writeStartObject();
        for (int c = 0; c < cols.length; c++) {
            int i = c + 1;
            g.writeFieldName(names[c]);
            switch (cols[c].kind) {
                case LONG: {
                    long v = rs.getLong(i);
                    if (v == 0 && rs.wasNull()) {
                        g.writeNull();
                    } else {
                        g.writeNumber(v);
                    }
                    break;
                }
                case DECIMAL: {
                    Object v = Values.decimal(rs, i);
                    if (v == null) {
                        g.writeNull();
                    } else if (v instanceof BigDecimal) {
                        g.writeNumber((BigDecimal) v);
                    } else {
                        // JSON has no NaN or infinity: a numeric NaN or infinity is written as the string PostgreSQL spells it
                        g.writeString((String) v);
                    }
                    break;
                }
                case DOUBLE: {
                    double v = rs.getDouble(i);
                    if (v == 0 && rs.wasNull()) {
                        g.writeNull();
                    } else if (Double.isNaN(v) || Double.isInfinite(v)) {
                        g.writeString(NumberOutput.toString(v, true));
                    } else {
                        g.writeNumber(v);
                    }
                    break;
                }
                case FLOAT: {
                    float v = rs.getFloat(i);
                    if (v == 0 && rs.wasNull()) {
                        g.writeNull();
                    } else if (Float.isNaN(v) || Float.isInfinite(v)) {
                        g.writeString(NumberOutput.toString(v, true));
                    } else {
                        g.writeNumber(v);
                    }
                    break;
                }
                case BOOLEAN: {
                    boolean v = rs.getBoolean(i);
                    if (!v && rs.wasNull()) {
                        g.writeNull();
                    } else {
                        g.writeBoolean(v);
                    }
                    break;
                }
                case STRING: {
                    String v = rs.getString(i);
                    if (v == null) {
                        g.writeNull();
                    } else {
                        g.writeString(v);
                    }
                    break;
                }
                case CLOB: {
                    Reader r = rs.getCharacterStream(i);
                    if (r == null) {
                        g.writeNull();
                    } else {
                        try (r) {
                            g.writeString(r, -1);
                        }
                    }
                    break;
                }
                case BYTES: {
                    byte[] v = rs.getBytes(i);
                    if (v == null) {
                        g.writeNull();
                    } else {
                        g.writeBinary(v);
                    }
                    break;
                }
                case BLOB: {
                    InputStream in = rs.getBinaryStream(i);
                    if (in == null) {
                        g.writeNull();
                    } else {
                        try (in) {
                            g.writeBinary(in, -1);
                        }
                    }
                    break;
                }
                case DATE: {
                    LocalDate v = Values.date(rs, i);
                    writeText(v == null ? null : v.toString());
                    break;
                }
                case TIME: {
                    LocalTime v = Values.time(rs, i);
                    writeText(v == null ? null : v.toString());
                    break;
                }
                case TIMESTAMP: {
                    LocalDateTime v = Values.timestamp(rs, i);
                    writeText(v == null ? null : Values.TS.format(v));
                    break;
                }
                case TIMESTAMP_TZ: {
                    OffsetDateTime v = Values.timestampTz(rs, i, tzFallback[c]);
                    writeText(v == null ? null : Values.TS_TZ.format(v));
                    break;
                }
                default:
                    throw new IllegalStateException("unhandled kind " + cols[c].kind);
            }
        }
        g.writeEndObject();
    }

    private void writeText(String s) throws IOException {
        if (s == null) {
            g.writeNull();
        } else {
            g.writeString(s);
        }
    }

    /** What the generator holds and the file has not yet received. */
    @Override
    public long bufferedBytes() {
        return Math.max(0, g.getOutputBuffered());
    }

    @Override
    public void finish() throws IOException {
        if (any) {
            g.writeRaw('\n');
        }
        g.close();
        out.close();
    }
}
