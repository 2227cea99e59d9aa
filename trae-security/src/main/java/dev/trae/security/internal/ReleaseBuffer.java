package dev.trae.security.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Holds decrypted plaintext until the whole envelope has authenticated, then releases it: the single pass of
 * {@code EnvelopeKeyProvider.decryptingStream}. The ESDK writes plaintext into {@link #sink()} while it decrypts;
 * nothing can be read before {@link #open()}, which the caller invokes only after the message (every frame, the final
 * frame and the signature) verified.
 *
 * <p>The first {@code memoryLimit} bytes stay in memory (blocks of {@value #BLOCK} bytes). The rest goes to a private
 * ({@code 0600}) temporary file, each block sealed with AES-256-GCM under a random key that exists only in this
 * object (nonce = block number; the block count and the last block's length are kept in memory), so the file never
 * holds plaintext and a changed, reordered, truncated or extended file fails on read instead of releasing other bytes.
 * {@link #close()} wipes the memory blocks and deletes the file.
 */
public final class ReleaseBuffer implements AutoCloseable {
    /** Block size of memory chunks and sealed file records. Small enough for the JDK's AES-GCM intrinsics to warm up. */
    public static final int BLOCK = 16 * 1024;
    private static final int TAG = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long memoryLimit;
    private final List<byte[]> memory = new ArrayList<>();
    private byte[] current = new byte[BLOCK];
    private int pos;
    private long size;
    private boolean finished;
    private boolean closed;

    private Path file;
    private FileChannel channel;
    private SecretKeySpec key;
    private Cipher cipher;
    private long fileBlocks;
    private int lastFileBlockLength;
    private byte[] sealed;

    public ReleaseBuffer(long memoryLimit) {
        this.memoryLimit = memoryLimit;
    }

    /** Where the decryptor writes plaintext; closing it finishes the buffer (it does not release anything). */
    public OutputStream sink() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                append(b, off, len);
            }

            @Override
            public void close() throws IOException {
                finish();
            }
        };
    }

    /** Plaintext bytes held. */
    public long size() {
        return size;
    }

    /** Whether part of the plaintext went (sealed) to a temporary file. */
    public boolean spilled() {
        return file != null;
    }

    private void append(byte[] b, int off, int len) throws IOException {
        if (finished || closed) {
            throw new IOException("the release buffer is finished");
        }
        while (len > 0) {
            int n = Math.min(len, BLOCK - pos);
            System.arraycopy(b, off, current, pos, n);
            pos += n;
            off += n;
            len -= n;
            size += n;
            if (pos == BLOCK) {
                flushBlock();
            }
        }
    }

    private void flushBlock() throws IOException {
        if (pos == 0) {
            return;
        }
        if ((long) memory.size() * BLOCK + pos <= memoryLimit && file == null) {
            if (pos == BLOCK) {
                memory.add(current);
                current = new byte[BLOCK];
            } else {
                memory.add(Arrays.copyOf(current, pos));
                Arrays.fill(current, 0, pos, (byte) 0);
            }
        } else {
            seal(current, pos);
        }
        pos = 0;
    }

    private void seal(byte[] block, int len) throws IOException {
        try {
            if (file == null) {
                file = tempFile();
                channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
                byte[] k = new byte[32];
                RANDOM.nextBytes(k);
                key = new SecretKeySpec(k, "AES");
                Arrays.fill(k, (byte) 0);
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
                sealed = new byte[BLOCK + TAG];
            }
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce(fileBlocks)));
            int n = cipher.doFinal(block, 0, len, sealed, 0);
            ByteBuffer buf = ByteBuffer.wrap(sealed, 0, n);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            fileBlocks++;
            lastFileBlockLength = len;
            Arrays.fill(block, 0, len, (byte) 0);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not seal the release buffer", e);
        }
    }

    private void finish() throws IOException {
        if (!finished) {
            flushBlock();
            finished = true;
        }
    }

    /**
     * The plaintext, in order. Call only after the envelope authenticated. Closing the stream closes this buffer.
     * A sealed block that no longer authenticates (the temporary file was changed) fails the read with an
     * {@link IOException} whose cause is an {@link AEADBadTagException}; nothing of that block is returned.
     */
    public InputStream open() throws IOException {
        finish();
        if (channel != null) {
            channel.position(0);
        }
        return new InputStream() {
            private int memIndex;
            private long fileIndex;
            private byte[] block;
            private int blockPos;
            private int blockLen;
            private final byte[] plain = file != null ? new byte[BLOCK] : null;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                if (closed) {
                    throw new IOException("stream closed");
                }
                if (blockPos == blockLen && !next()) {
                    return -1;
                }
                int n = Math.min(len, blockLen - blockPos);
                System.arraycopy(block, blockPos, b, off, n);
                blockPos += n;
                return n;
            }

            private boolean next() throws IOException {
                if (memIndex < memory.size()) {
                    block = memory.get(memIndex++);
                    blockLen = block.length;
                    blockPos = 0;
                    return true;
                }
                if (fileIndex < fileBlocks) {
                    int len = fileIndex == fileBlocks - 1 ? lastFileBlockLength : BLOCK;
                    ByteBuffer buf = ByteBuffer.wrap(sealed, 0, len + TAG);
                    while (buf.hasRemaining()) {
                        if (channel.read(buf) < 0) {
                            throw new EOFException("the release buffer's temporary file was truncated");
                        }
                    }
                    try {
                        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce(fileIndex)));
                        blockLen = cipher.doFinal(sealed, 0, len + TAG, plain, 0);
                    } catch (GeneralSecurityException e) {
                        throw new IOException("the release buffer's temporary file was changed after verification", e);
                    }
                    fileIndex++;
                    block = plain;
                    blockPos = 0;
                    return true;
                }
                return false;
            }

            @Override
            public int available() {
                return blockLen - blockPos;
            }

            @Override
            public void close() {
                if (plain != null) {
                    Arrays.fill(plain, (byte) 0);
                }
                ReleaseBuffer.this.close();
            }
        };
    }

    private static byte[] nonce(long index) {
        byte[] iv = new byte[12];
        for (int i = 0; i < 8; i++) {
            iv[11 - i] = (byte) (index >>> (8 * i));
        }
        return iv;
    }

    private static Path tempFile() throws IOException {
        try {
            return Files.createTempFile("trae-plain-", ".sealed",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile("trae-plain-", ".sealed");
        }
    }

    /** Wipes the memory blocks and deletes the temporary file; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (byte[] b : memory) {
            Arrays.fill(b, (byte) 0);
        }
        memory.clear();
        Arrays.fill(current, (byte) 0);
        if (sealed != null) {
            Arrays.fill(sealed, (byte) 0);
        }
        key = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // deleting below is what matters
            }
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort: the file holds sealed blocks only, under a key that is gone
            }
        }
    }
}
