package dev.trae.oracle.internal;

import java.io.OutputStream;

import dev.trae.aws.core.TraeValidationException;

/** zstd streams from the optional zstd-jni. */
final class Zstd {
    private Zstd() {
    }

    static OutputStream stream(OutputStream out) throws java.io.IOException {
        ClassPath.read();
        try {
            return new com.github.luben.zstd.ZstdOutputStream(out, 3);
        } catch (NoClassDefFoundError e) {
            throw new TraeValidationException("compression", ClassPath.zstdMissing());
        }
    }
}
