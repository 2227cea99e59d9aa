package dev.trae.oracle.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.oracle.Compression;

/** Creates Parquet writers, failing clearly when the optional Parquet jars are missing. */
final class Parquet {
    private Parquet() {
    }

    static boolean available() {
        return ClassPath.has(ClassPath.PARQUET_CLASS);
    }

    static RowWriter writer(OutputStream out, List<ColumnInfo> columns, Compression compression, long rowGroupBytes) throws IOException {
        if (!available()) {
            throw new TraeValidationException("format", ClassPath.parquetMissing());
        }
        return new ParquetRowWriter(out, columns, compression, rowGroupBytes);
    }
}
