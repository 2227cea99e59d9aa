package dev.trae.security;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoOutputStream;
import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.CryptoResult;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.security.internal.CryptoErrors;
import dev.trae.security.internal.ReleaseBuffer;
import software.amazon.cryptography.materialproviders.IKeyring;

/**
 * Envelope encryption with the AWS Encryption SDK 3.x: the {@link KmsKeyProvider} of Trae. Built by
 * {@link LocalKeyring#createOrLoad(java.nio.file.Path)} (raw AES-256 keyring, offline) or
 * {@link KmsKeyProviders#awsKms(dev.trae.aws.core.TraeConfig, String)} (AWS KMS keyring).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Messages use the ESDK default suite: AES-256-GCM, HKDF, key commitment and an ECDSA P-384
 *       signature over the whole message (unless {@link EnvelopeOptions#signed()} is off); the commitment
 *       policy is require-encrypt-require-decrypt.</li>
 *   <li>Every call takes an encryption context (may be empty, never null); decryption checks that
 *       each expected entry is present with the same value in the envelope, else
 *       {@link EncryptionContextMismatchException}.</li>
 *   <li>{@link #decrypt} and {@link #decryptingStream} release no plaintext unless the whole envelope
 *       (every frame, the final frame and the trailing signature) authenticated. The stream variant decrypts
 *       once and holds the plaintext until the end: in memory up to {@link EnvelopeOptions#releaseMemoryBytes()} (8 MiB by default), the
 *       rest in a 0600 temporary file sealed with AES-256-GCM under a one-time key that never leaves the
 *       process (so the file holds no plaintext, and a changed file fails instead of releasing other bytes).
 *       Memory stays bounded; one KMS Decrypt per message.</li>
 *   <li>Failures are typed: {@link WrongKeyException}, {@link TamperedCiphertextException},
 *       {@link EncryptionContextMismatchException}; KMS service errors become
 *       {@link dev.trae.aws.core.TraeServiceException}.</li>
 *   <li>Every operation is recorded on the audit sink by key id, never key material or plaintext.</li>
 * </ul>
 *
 * <pre>{@code
 * try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(Path.of("trae-local.key"))) {
 *     byte[] box = kms.encrypt(bytes, Map.of("purpose", "export"));
 *     byte[] back = kms.decrypt(box, Map.of("purpose", "export"));
 * }
 * }</pre>
 */
public final class EnvelopeKeyProvider implements KmsKeyProvider, AutoCloseable {
    /**
     * By default {@link #decryptingStream} holds up to this much not-yet-released plaintext in memory; beyond it, the
     * rest goes to a temporary file sealed under a one-time key (see the class documentation and
     * {@link EnvelopeOptions#releaseMemoryBytes()}).
     */
    public static final int SPOOL_MEMORY_BYTES = (int) EnvelopeOptions.DEFAULT_RELEASE_MEMORY_BYTES;
    /** Ciphertext is handed to the ESDK in chunks of this size (its own input stream reads 4 KiB at a time). */
    static final int READ_CHUNK = 256 * 1024;
    /** Small writes to {@link #encryptingStream} are gathered up to this size before the ESDK sees them. */
    static final int WRITE_CHUNK = 64 * 1024;
    private static final String RESERVED_PREFIX = "aws-crypto-";

    private final String keyId;
    private final AwsCrypto crypto;
    private final IKeyring keyring;
    private final IKeyring decryptKeyring;
    private final CryptoMaterialsManager cmm;
    private final AuditSink audit;
    private final java.util.function.Supplier<String> principal;
    private final Resilience resilience;
    private final AutoCloseable resource;
    private final long releaseMemoryBytes;
    private final AtomicLong encrypts = new AtomicLong();
    private final AtomicLong decrypts = new AtomicLong();

    EnvelopeKeyProvider(String keyId, IKeyring keyring, CryptoMaterialsManager cmm, AuditSink audit,
                        java.util.function.Supplier<String> principal,
                        Resilience resilience, AutoCloseable resource, EnvelopeOptions options) {
        this(keyId, keyring, keyring, cmm, audit, principal, resilience, resource, options);
    }

    /** {@code decryptKeyring} may also accept retired keys; {@code keyring} alone wraps new data keys. */
    EnvelopeKeyProvider(String keyId, IKeyring keyring, IKeyring decryptKeyring, CryptoMaterialsManager cmm, AuditSink audit,
                        java.util.function.Supplier<String> principal, Resilience resilience, AutoCloseable resource,
                        EnvelopeOptions options) {
        this.keyId = Objects.requireNonNull(keyId);
        this.keyring = keyring;
        this.decryptKeyring = decryptKeyring;
        this.cmm = cmm;
        this.audit = audit == null ? AuditSink.noop() : audit;
        this.principal = principal == null ? AuditPrincipal.local() : principal;
        this.resilience = resilience;
        this.resource = resource;
        this.releaseMemoryBytes = options.releaseMemoryBytes();
        this.crypto = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(options.signed() ? CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
                        : CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                .withEncryptionFrameSize(options.frameSize())
                .withMaxEncryptedDataKeys(8)
                .build();
    }

    @Override
    public String keyId() {
        return keyId;
    }

    /** Number of successful encryptions since creation. */
    public long encryptCount() {
        return encrypts.get();
    }

    /** Number of successful decryptions since creation. */
    public long decryptCount() {
        return decrypts.get();
    }

    @Override
    public byte[] encrypt(byte[] plaintext, Map<String, String> encryptionContext) {
        Objects.requireNonNull(plaintext, "plaintext");
        Map<String, String> ctx = checkContext(encryptionContext);
        try {
            byte[] out = call("Encrypt", () -> {
                try {
                    return (cmm != null ? crypto.encryptData(cmm, plaintext, ctx) : crypto.encryptData(keyring, plaintext, ctx))
                            .getResult();
                } catch (RuntimeException e) {
                    throw CryptoErrors.encryptFailure(e, keyId);
                }
            });
            encrypts.incrementAndGet();
            audit("Encrypt", "SUCCESS", ctx, plaintext.length, null);
            return out;
        } catch (AuditWriteException e) {
            throw e;
        } catch (TraeException e) {
            audit("Encrypt", "FAILURE", ctx, plaintext.length, e);
            throw e;
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, Map<String, String> encryptionContext) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Map<String, String> ctx = checkContext(encryptionContext);
        if (ciphertext.length == 0) {
            throw new TraeValidationException("ciphertext", "is empty: not an envelope");
        }
        try {
            byte[] out = call("Decrypt", () -> {
                CryptoResult<byte[], ?> r;
                try {
                    r = cmm != null ? crypto.decryptData(cmm, ciphertext) : crypto.decryptData(decryptKeyring, ciphertext);
                } catch (RuntimeException e) {
                    throw CryptoErrors.decryptFailure(e, keyId);
                }
                verifyContext(r.getEncryptionContext(), ctx);
                return r.getResult();
            });
            decrypts.incrementAndGet();
            try {
                audit("Decrypt", "SUCCESS", ctx, ciphertext.length, null);
            } catch (AuditWriteException e) {
                java.util.Arrays.fill(out, (byte) 0); // fail-closed: the plaintext is not released
                throw e;
            }
            return out;
        } catch (AuditWriteException e) {
            throw e;
        } catch (TraeException e) {
            audit("Decrypt", e instanceof DecryptionException ? "DENIED" : "FAILURE", ctx, ciphertext.length, e);
            throw e;
        }
    }

    @Override
    public OutputStream encryptingStream(OutputStream sink, Map<String, String> encryptionContext) {
        Objects.requireNonNull(sink, "sink");
        Map<String, String> ctx = checkContext(encryptionContext);
        OutputStream enc;
        try {
            enc = cmm != null ? crypto.createEncryptingStream(cmm, sink, ctx) : crypto.createEncryptingStream(keyring, sink, ctx);
            enc = new Gather(enc, WRITE_CHUNK);
        } catch (RuntimeException e) {
            TraeException t = CryptoErrors.encryptFailure(e, keyId);
            audit("EncryptStream", "FAILURE", ctx, -1, t);
            throw t;
        }
        return new FilterOutputStream(enc) {
            private long bytes;
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                wrap(() -> out.write(b, off, len));
                bytes += len;
            }

            @Override
            public void write(int b) throws IOException {
                wrap(() -> out.write(b));
                bytes++;
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    wrap(out::close);
                    encrypts.incrementAndGet();
                    audit("EncryptStream", "SUCCESS", ctx, bytes, null);
                } catch (AuditWriteException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    audit("EncryptStream", "FAILURE", ctx, bytes, e);
                    throw e;
                }
            }

            private void wrap(IoAction a) throws IOException {
                try {
                    a.run();
                } catch (IOException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw CryptoErrors.encryptFailure(e, keyId);
                }
            }
        };
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads and authenticates the whole envelope before returning, in one decryption pass (see the class
     * documentation); a wrong key, tampered data, a truncated message or a wrong context throw here, and the returned
     * stream yields only verified plaintext. Closing it wipes the held plaintext and deletes any temporary file.
     */
    @Override
    public InputStream decryptingStream(InputStream source, Map<String, String> encryptionContext) {
        Objects.requireNonNull(source, "source");
        Map<String, String> ctx = checkContext(encryptionContext);
        ReleaseBuffer held = new ReleaseBuffer(releaseMemoryBytes);
        try {
            CryptoOutputStream<?> dec = cmm != null ? crypto.createDecryptingStream(cmm, held.sink())
                    : crypto.createDecryptingStream(decryptKeyring, held.sink());
            boolean contextChecked = false;
            long read = 0;
            try (InputStream s = source) {
                byte[] chunk = new byte[READ_CHUNK];
                int n;
                while ((n = s.readNBytes(chunk, 0, chunk.length)) > 0) {
                    dec.write(chunk, 0, n);
                    read += n;
                    if (!contextChecked && headersComplete(dec)) {
                        // a wrong context fails before the body is decrypted
                        verifyContext(dec.getCryptoResult().getEncryptionContext(), ctx);
                        contextChecked = true;
                    }
                }
            } catch (IOException e) {
                if (e.getCause() instanceof RuntimeException) {
                    throw e;
                }
                throw new UncheckedIOException("could not read the envelope stream or hold its plaintext", e);
            }
            if (read == 0) {
                throw new TamperedCiphertextException("the envelope stream is empty: not an envelope", null);
            }
            dec.close(); // final frame and trailing signature: throws unless the whole message authenticated
            verifyContext(dec.getCryptoResult().getEncryptionContext(), ctx);
            decrypts.incrementAndGet();
            audit("DecryptStream", "SUCCESS", ctx, held.size(), null); // fail-closed: nothing is released when it cannot be audited
            InputStream plain = held.open();
            return new FilterInputStream(plain) {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (IOException e) {
                        // the sealed temporary file was changed after verification: nothing of that block is returned
                        throw new TamperedCiphertextException("the verified plaintext held in a temporary file was "
                                + "changed before it was read; nothing of the changed part was returned", null);
                    }
                }

            };
        } catch (AuditWriteException | UncheckedIOException e) {
            held.close();
            throw e;
        } catch (EncryptionContextMismatchException e) {
            held.close();
            audit("DecryptStream", "DENIED", ctx, -1, e);
            throw e;
        } catch (IOException | RuntimeException e) {
            held.close();
            TraeException t = e instanceof IOException && e.getCause() instanceof RuntimeException re
                    ? CryptoErrors.decryptFailure(re, keyId) : CryptoErrors.decryptFailure(e, keyId);
            audit("DecryptStream", t instanceof DecryptionException ? "DENIED" : "FAILURE", ctx, -1, t);
            throw t;
        }
    }

    private static boolean headersComplete(CryptoOutputStream<?> dec) {
        try {
            dec.getCryptoResult();
            return true;
        } catch (IllegalStateException e) {
            return false; // "Ciphertext headers not yet written to stream"
        }
    }

    @Override
    public void close() {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // closing an SDK client throws nothing meaningful
            }
        }
    }

    @Override
    public String toString() {
        return "EnvelopeKeyProvider[" + keyId + (cmm != null ? ", data-key cache" : "") + "]";
    }

    private <T> T call(String op, Supplier<T> s) {
        return resilience == null ? s.get() : resilience.call("kms", op, s);
    }

    static Map<String, String> checkContext(Map<String, String> ctx) {
        if (ctx == null) {
            throw new TraeValidationException("encryptionContext", "must not be null; pass Map.of() for none, "
                    + "but a context naming the purpose of the data is recommended");
        }
        Map<String, String> copy = new TreeMap<>();
        ctx.forEach((k, v) -> {
            if (k == null || k.isEmpty() || v == null) {
                throw new TraeValidationException("encryptionContext", "keys must be non-empty and values non-null");
            }
            if (k.startsWith(RESERVED_PREFIX)) {
                throw new TraeValidationException("encryptionContext", "keys starting with '" + RESERVED_PREFIX
                        + "' are reserved by the AWS Encryption SDK: " + k);
            }
            copy.put(k, v);
        });
        return copy;
    }

    static void verifyContext(Map<String, String> actual, Map<String, String> expected) {
        TreeSet<String> bad = new TreeSet<>();
        expected.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) {
                bad.add(k);
            }
        });
        if (!bad.isEmpty()) {
            throw new EncryptionContextMismatchException("the envelope's encryption context does not match the expected "
                    + "one for key(s) " + bad + ": the data belongs to another purpose or owner");
        }
    }

    private void audit(String action, String result, Map<String, String> ctx, long bytes, Throwable error) {
        AuditEvent.Builder b = AuditPrincipal.stamp(AuditEvent.of("kms", action, keyId), principal).result(result)
                .detail("contextKeys", String.join(",", ctx.keySet()));
        {
            if (bytes >= 0) {
                b.detail("bytes", Long.toString(bytes));
            }
            if (error != null) {
                b.detail("error", error.getClass().getSimpleName());
                if (error instanceof dev.trae.aws.core.TraeServiceException se) {
                    se.requestId().ifPresent(b::requestId);
                }
            }
            AuditSinks.emit(audit, b.build(), error);
        }
    }

    /**
     * Hands plaintext to the ESDK's encrypting stream in chunks that always start at offset 0:
     * <ul>
     *   <li>ESDK 3.0.1's {@code FrameEncryptionHandler.processBytes} drops the last {@code off} bytes of a
     *       {@code write(b, off, len)} with {@code off > 0} (a silently truncated message; aws-encryption-sdk-java
     *       issue 2112, fixed upstream by pull request 2113 after 3.0.1);</li>
     *   <li>the ESDK allocates and processes per call, so small writes ({@code write(int)}, 8 KiB copy loops) are
     *       gathered up to {@value #WRITE_CHUNK} bytes.</li>
     * </ul>
     * A failed write never finalises the message: {@link #close()} writes the final frame only after every byte went
     * through.
     */
    static final class Gather extends OutputStream {
        private final OutputStream esdk;
        private final byte[] buf;
        private int n;
        private boolean failed;

        Gather(OutputStream esdk, int size) {
            this.esdk = esdk;
            this.buf = new byte[size];
        }

        @Override
        public void write(int b) throws IOException {
            buf[n++] = (byte) b;
            if (n == buf.length) {
                drain();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (n == 0 && off == 0 && len >= buf.length) {
                pass(b, len);
                return;
            }
            while (len > 0) {
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
                if (n == buf.length) {
                    drain();
                }
            }
        }

        private void drain() throws IOException {
            if (n > 0) {
                pass(buf, n);
                n = 0;
            }
        }

        private void pass(byte[] b, int len) throws IOException {
            try {
                esdk.write(b, 0, len);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            drain();
            esdk.flush();
        }

        @Override
        public void close() throws IOException {
            try {
                if (failed) {
                    throw new IOException("an earlier write failed: the envelope was not finished");
                }
                drain();
                esdk.close(); // final frame and signature
            } finally {
                java.util.Arrays.fill(buf, (byte) 0);
            }
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
