package dev.trae.security.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Holds a copy of a stream: in memory up to a threshold, then in a private (0600) temporary file.
 * Used to authenticate a whole envelope before any of its plaintext is released.
 */
public final class Spool implements AutoCloseable {
    private final byte[] memory;
    private final Path file;

    private Spool(byte[] memory, Path file) {
        this.memory = memory;
        this.file = file;
    }

    public static Spool copy(InputStream in, int memoryThreshold) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                buf.write(chunk, 0, n);
                if (buf.size() > memoryThreshold) {
                    Path f = tempFile();
                    try (OutputStream out = Files.newOutputStream(f)) {
                        buf.writeTo(out);
                        buf = null;
                        in.transferTo(out);
                    } catch (IOException | RuntimeException e) {
                        Files.deleteIfExists(f);
                        throw e;
                    }
                    return new Spool(null, f);
                }
            }
            return new Spool(buf.toByteArray(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the envelope stream", e);
        }
    }

    private static Path tempFile() throws IOException {
        try {
            return Files.createTempFile("trae-envelope-", ".bin",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile("trae-envelope-", ".bin");
        }
    }

    /** Whether the copy spilled to disk. */
    public boolean onDisk() {
        return file != null;
    }

    public InputStream open() {
        if (memory != null) {
            return new ByteArrayInputStream(memory);
        }
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort: a temp file holds ciphertext only
            }
        }
    }
}
