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
import com.amazonaws.encryptionsdk.CryptoInputStream;
import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.CryptoResult;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.security.internal.CryptoErrors;
import dev.trae.security.internal.Spool;
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
 *       (every frame and the trailing signature) authenticated. The stream variant first copies the
 *       ciphertext (memory up to {@value #SPOOL_MEMORY_BYTES} bytes, then a 0600 temporary file), verifies
 *       it completely, then decrypts the copy; memory stays bounded, the cost is a second pass (and, for
 *       KMS, a second Decrypt call unless a data-key cache is configured).</li>
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
    /** Ciphertext up to this size is verified in memory before streaming decryption; larger spills to a temp file. */
    public static final int SPOOL_MEMORY_BYTES = 8 << 20;
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
     * <p>Reads and authenticates the whole envelope before returning (see the class documentation);
     * a wrong key, tampered data or a wrong context throw here, and the returned stream yields only
     * verified plaintext. Closing it closes {@code source}'s copy and deletes any temporary file.
     */
    @Override
    public InputStream decryptingStream(InputStream source, Map<String, String> encryptionContext) {
        Objects.requireNonNull(source, "source");
        Map<String, String> ctx = checkContext(encryptionContext);
        Spool spool;
        try (InputStream s = source) {
            spool = Spool.copy(s, SPOOL_MEMORY_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            try (CryptoInputStream<?> verify = open(spool.open())) {
                verify.transferTo(OutputStream.nullOutputStream());
                verifyContext(verify.getCryptoResult().getEncryptionContext(), ctx);
            }
            decrypts.incrementAndGet();
            audit("DecryptStream", "SUCCESS", ctx, -1, null); // fail-closed: nothing is opened when it cannot be audited
            CryptoInputStream<?> plain = open(spool.open());
            return new FilterInputStream(plain) {
                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (RuntimeException e) {
                        throw CryptoErrors.decryptFailure(e, keyId);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (RuntimeException e) {
                        throw CryptoErrors.decryptFailure(e, keyId);
                    }
                }

                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        spool.close();
                    }
                }
            };
        } catch (AuditWriteException e) {
            spool.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            spool.close();
            TraeException t = e instanceof IOException && e.getCause() instanceof RuntimeException re
                    ? CryptoErrors.decryptFailure(re, keyId) : CryptoErrors.decryptFailure(e, keyId);
            audit("DecryptStream", t instanceof DecryptionException ? "DENIED" : "FAILURE", ctx, -1, t);
            throw t;
        }
    }

    private CryptoInputStream<?> open(InputStream in) {
        return cmm != null ? crypto.createDecryptingStream(cmm, in) : crypto.createDecryptingStream(decryptKeyring, in);
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

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
