package dev.trae.oracle.internal;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.oracle.Compression;
import dev.trae.oracle.ExportFormat;
import dev.trae.oracle.ExportRequest;

/**
 * The optional libraries (Parquet, zstd-jni, pgjdbc) as this module finds them. On the class path nothing is needed.
 * On the module path, {@code dev.trae.oracle} is a named module that reads only what its {@code module-info} names, and
 * Parquet cannot be named there (its jars split package {@code org.apache.parquet}), so Parquet stays on the class
 * path and {@link #read()} makes this module read the class path (the unnamed module of its class loader) before a
 * class of an optional library is touched; a module may add a read edge to itself ({@link Module#addReads}).
 */
public final class ClassPath {
    static final String PARQUET_CLASS = "org.apache.parquet.hadoop.ParquetWriter";
    static final String ZSTD_CLASS = "com.github.luben.zstd.ZstdOutputStream";

    private ClassPath() {
    }

    /** Makes this module read the unnamed module of its class loader (no-op on the class path, idempotent). */
    static void read() {
        Module self = ClassPath.class.getModule();
        ClassLoader loader = ClassPath.class.getClassLoader();
        if (self.isNamed() && loader != null) {
            self.addReads(loader.getUnnamedModule());
        }
    }

    /** Whether {@code className} can be loaded and read by this module (after {@link #read()}). */
    static boolean has(String className) {
        read();
        try {
            Class<?> c = Class.forName(className, false, ClassPath.class.getClassLoader());
            return ClassPath.class.getModule().canRead(c.getModule());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Refuses, before any connection is opened, a request whose format or compression needs an optional library
     * that is missing, saying which artifact to add and where.
     */
    public static void requireOptionals(ExportRequest request) {
        if (request.format() == ExportFormat.PARQUET && !has(PARQUET_CLASS)) {
            throw new TraeValidationException("format", parquetMissing());
        }
        if (request.compression() == Compression.ZSTD && !has(ZSTD_CLASS)) {
            throw new TraeValidationException("compression", zstdMissing());
        }
    }

    static String parquetMissing() {
        return "Parquet output needs org.apache.parquet:parquet-hadoop (with its dependencies; no Hadoop jar) on the class path."
                + " When dev.trae.oracle is on the module path, keep the Parquet jars on the class path (-cp) all the same:"
                + " they split package org.apache.parquet and cannot be modules";
    }

    static String zstdMissing() {
        return "zstd needs com.github.luben:zstd-jni on the class path, or on the module path with"
                + " --add-modules com.github.luben.zstd_jni (an optional module is not resolved on its own)";
    }
}
