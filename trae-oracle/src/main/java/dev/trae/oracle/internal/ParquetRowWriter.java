package dev.trae.oracle.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;

import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import dev.trae.oracle.Compression;

/**
 * Parquet through parquet-hadoop's writer, fed row by row from the result set. Every column is OPTIONAL.
 * Decimals with a known precision up to 38 use the DECIMAL logical type (INT32, INT64 or fixed-length
 * binary); unbounded decimals (Oracle NUMBER without precision) are UTF-8 strings in plain notation.
 * Timestamps are INT64 microseconds: without zone as local time (isAdjustedToUTC=false), with zone as
 * the instant (isAdjustedToUTC=true; the original offset is not kept by Parquet). The file is written to
 * our own {@link OutputFile}; no Hadoop class is loaded.
 */
final class ParquetRowWriter implements RowWriter {
    private final ParquetWriter<Cells> writer;
    private final Out out;

    ParquetRowWriter(OutputStream sink, List<ColumnInfo> columns, Compression compression, long rowGroupBytes) throws IOException {
        MessageType schema = schema(columns);
        this.out = new Out(sink);
        CompressionCodecName codec;
        switch (compression) {
            case GZIP: codec = CompressionCodecName.GZIP; break;
            case ZSTD: codec = CompressionCodecName.ZSTD; break;
            case SNAPPY: codec = CompressionCodecName.SNAPPY; break;
            default: codec = CompressionCodecName.UNCOMPRESSED; break;
        }
        this.writer = new Builder(new OutputFile() {
            @Override
            public PositionOutputStream create(long blockSizeHint) {
                return out;
            }

            @Override
            public PositionOutputStream createOrOverwrite(long blockSizeHint) {
                return out;
            }

            @Override
            public boolean supportsBlockSize() {
                return false;
            }

            @Override
            public long defaultBlockSize() {
                return 0;
            }
        }, new Support(schema, columns.toArray(new ColumnInfo[0])))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .withCompressionCodec(codec)
                .withRowGroupSize(rowGroupBytes)
                .withPageSize(1024 * 1024)
                .withDictionaryPageSize(1024 * 1024)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    @Override
    public void write(Cells rs) throws SQLException, IOException {
        try {
            writer.write(rs);
        } catch (SqlFailure e) {
            throw e.sql;
        }
    }

    @Override
    public long bufferedBytes() {
        return Math.max(0, writer.getDataSize() - out.pos);
    }

    @Override
    public void finish() throws IOException {
        writer.close();
    }

    static MessageType schema(List<ColumnInfo> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (ColumnInfo c : columns) {
            switch (c.kind) {
                case BOOLEAN:
                    b.optional(PrimitiveTypeName.BOOLEAN).named(c.name);
                    break;
                case LONG:
                    b.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, true)).named(c.name);
                    break;
                case DECIMAL:
                    if (c.boundedDecimal()) {
                        LogicalTypeAnnotation dec = LogicalTypeAnnotation.decimalType(c.scale, c.precision);
                        if (c.precision <= 9) {
                            b.optional(PrimitiveTypeName.INT32).as(dec).named(c.name);
                        } else if (c.precision <= 18) {
                            b.optional(PrimitiveTypeName.INT64).as(dec).named(c.name);
                        } else {
                            b.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(fixedLength(c.precision)).as(dec).named(c.name);
                        }
                    } else {
                        b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name);
                    }
                    break;
                case FLOAT:
                    b.optional(PrimitiveTypeName.FLOAT).named(c.name);
                    break;
                case DOUBLE:
                    b.optional(PrimitiveTypeName.DOUBLE).named(c.name);
                    break;
                case STRING: case CLOB:
                    b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name);
                    break;
                case BYTES: case BLOB:
                    b.optional(PrimitiveTypeName.BINARY).named(c.name);
                    break;
                case DATE:
                    b.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(c.name);
                    break;
                case TIME:
                    b.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(c.name);
                    break;
                case TIMESTAMP:
                    b.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(c.name);
                    break;
                case TIMESTAMP_TZ:
                    b.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(c.name);
                    break;
                default:
                    throw new IllegalStateException("unhandled kind " + c.kind);
            }
        }
        return b.named("row");
    }

    /** Smallest byte count whose two's complement holds 10^precision - 1. */
    static int fixedLength(int precision) {
        BigInteger max = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
        return (max.bitLength() + 1 + 7) / 8;
    }

    static long micros(LocalDateTime t) {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1000);
    }

    private static final class SqlFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final SQLException sql;

        SqlFailure(SQLException sql) {
            super(sql.getMessage(), sql, false, false);
            this.sql = sql;
        }
    }

    private static final class Support extends WriteSupport<Cells> {
        private final MessageType schema;
        private final ColumnInfo[] cols;
        private final boolean[][] tzFallback;
        private RecordConsumer rc;

        Support(MessageType schema, ColumnInfo[] cols) {
            this.schema = schema;
            this.cols = cols;
            this.tzFallback = new boolean[cols.length][1];
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public String getName() {
            return "trae-oracle";
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.rc = recordConsumer;
        }

        @Override
        public void write(Cells rs) {
            try {
                rc.startMessage();
                for (int c = 0; c < cols.length; c++) {
                    field(rs, c);
                }
                rc.endMessage();
            } catch (SQLException e) {
                throw new SqlFailure(e);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void field(Cells rs, int c) throws SQLException, IOException {
            int i = c + 1;
            ColumnInfo col = cols[c];
            String name = col.name;
            switch (col.kind) {
                case BOOLEAN: {
                    boolean v = rs.getBoolean(i);
                    if (!(!v && rs.wasNull())) {
                        rc.startField(name, c);
                        rc.addBoolean(v);
                        rc.endField(name, c);
                    }
                    return;
                }
                case LONG: {
                    long v = rs.getLong(i);
                    if (!(v == 0 && rs.wasNull())) {
                        rc.startField(name, c);
                        rc.addLong(v);
                        rc.endField(name, c);
                    }
                    return;
                }
                case DECIMAL: {
                    BigDecimal v = rs.getBigDecimal(i);
                    if (v == null) {
                        return;
                    }
                    rc.startField(name, c);
                    if (col.boundedDecimal()) {
                        BigInteger unscaled = v.setScale(col.scale, RoundingMode.UNNECESSARY).unscaledValue();
                        if (col.precision <= 9) {
                            rc.addInteger(unscaled.intValueExact());
                        } else if (col.precision <= 18) {
                            rc.addLong(unscaled.longValueExact());
                        } else {
                            rc.addBinary(Binary.fromConstantByteArray(fixed(unscaled, fixedLength(col.precision))));
                        }
                    } else {
                        rc.addBinary(Binary.fromString(v.toPlainString()));
                    }
                    rc.endField(name, c);
                    return;
                }
                case FLOAT: {
                    float v = rs.getFloat(i);
                    if (!(v == 0 && rs.wasNull())) {
                        rc.startField(name, c);
                        rc.addFloat(v);
                        rc.endField(name, c);
                    }
                    return;
                }
                case DOUBLE: {
                    double v = rs.getDouble(i);
                    if (!(v == 0 && rs.wasNull())) {
                        rc.startField(name, c);
                        rc.addDouble(v);
                        rc.endField(name, c);
                    }
                    return;
                }
                case STRING: {
                    String v = rs.getString(i);
                    if (v != null) {
                        rc.startField(name, c);
                        rc.addBinary(Binary.fromString(v));
                        rc.endField(name, c);
                    }
                    return;
                }
                case CLOB: {
                    Reader r = rs.getCharacterStream(i);
                    if (r != null) {
                        StringWriter sw = new StringWriter();
                        try (r) {
                            r.transferTo(sw);
                        }
                        rc.startField(name, c);
                        rc.addBinary(Binary.fromString(sw.toString()));
                        rc.endField(name, c);
                    }
                    return;
                }
                case BYTES: {
                    byte[] v = rs.getBytes(i);
                    if (v != null) {
                        rc.startField(name, c);
                        rc.addBinary(Binary.fromConstantByteArray(v));
                        rc.endField(name, c);
                    }
                    return;
                }
                case BLOB: {
                    InputStream in = rs.getBinaryStream(i);
                    if (in != null) {
                        byte[] v;
                        try (in) {
                            v = in.readAllBytes();
                        }
                        rc.startField(name, c);
                        rc.addBinary(Binary.fromConstantByteArray(v));
                        rc.endField(name, c);
                    }
                    return;
                }
                case DATE: {
                    LocalDate v = Values.date(rs, i);
                    if (v != null) {
                        rc.startField(name, c);
                        rc.addInteger(Math.toIntExact(v.toEpochDay()));
                        rc.endField(name, c);
                    }
                    return;
                }
                case TIME: {
                    LocalTime v = Values.time(rs, i);
                    if (v != null) {
                        rc.startField(name, c);
                        rc.addLong(v.toNanoOfDay() / 1000);
                        rc.endField(name, c);
                    }
                    return;
                }
                case TIMESTAMP: {
                    LocalDateTime v = Values.timestamp(rs, i);
                    if (v != null) {
                        rc.startField(name, c);
                        rc.addLong(micros(v));
                        rc.endField(name, c);
                    }
                    return;
                }
                case TIMESTAMP_TZ: {
                    OffsetDateTime v = Values.timestampTz(rs, i, tzFallback[c]);
                    if (v != null) {
                        rc.startField(name, c);
                        rc.addLong(micros(v.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()));
                        rc.endField(name, c);
                    }
                    return;
                }
                default:
                    throw new IllegalStateException("unhandled kind " + col.kind);
            }
        }

        private static byte[] fixed(BigInteger unscaled, int len) {
            byte[] raw = unscaled.toByteArray();
            if (raw.length > len) {
                throw new ArithmeticException("decimal does not fit its declared precision");
            }
            byte[] out = new byte[len];
            byte pad = (byte) (unscaled.signum() < 0 ? 0xFF : 0);
            int off = len - raw.length;
            for (int k = 0; k < off; k++) {
                out[k] = pad;
            }
            System.arraycopy(raw, 0, out, off, raw.length);
            return out;
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Cells, Builder> {
        private final WriteSupport<Cells> support;

        Builder(OutputFile file, WriteSupport<Cells> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Cells> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }

        @Override
        protected WriteSupport<Cells> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return support;
        }
    }

    /** Counts the position; Parquet closes it at the end of the file. */
    private static final class Out extends PositionOutputStream {
        private final OutputStream sink;
        long pos;

        Out(OutputStream sink) {
            this.sink = sink;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void write(int b) throws IOException {
            sink.write(b);
            pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sink.write(b, off, len);
            pos += len;
        }

        @Override
        public void flush() throws IOException {
            sink.flush();
        }

        @Override
        public void close() throws IOException {
            sink.close();
        }
    }
}
