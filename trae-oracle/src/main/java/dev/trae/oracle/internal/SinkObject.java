package dev.trae.oracle.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One object being written to a sink. Counts and hashes (SHA-256) the stored bytes. {@link #close()} only
 * ends writing; {@link #commit()} makes the object visible, {@link #abort()} discards it (and any multipart upload).
 */
abstract class SinkObject extends OutputStream {
    private final MessageDigest sha;
    private long count;
    private boolean closed;

    SinkObject() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public final void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public final void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("object already closed");
        }
        if (len == 0) {
            return;
        }
        sha.update(b, off, len);
        count += len;
        store(b, off, len);
    }

    protected abstract void store(byte[] b, int off, int len) throws IOException;

    /** Bytes written so far. */
    final long count() {
        return count;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Makes the object visible; returns its size and SHA-256. */
    final Stored commit() throws IOException {
        closed = true;
        doCommit();
        return new Stored(count, HexFormat.of().formatHex(sha.digest()));
    }

    protected abstract void doCommit() throws IOException;

    /** Discards what was written; never throws. */
    abstract void abort();

    /** Size and checksum of a committed object. */
    static final class Stored {
        final long bytes;
        final String sha256;

        Stored(long bytes, String sha256) {
            this.bytes = bytes;
            this.sha256 = sha256;
        }
    }
}
