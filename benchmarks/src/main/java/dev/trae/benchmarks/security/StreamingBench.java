package dev.trae.benchmarks.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import dev.trae.aws.core.AuditSink;
import dev.trae.security.EnvelopeKeyProvider;
import dev.trae.security.EnvelopeOptions;
import dev.trae.security.LocalKeyring;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Streaming envelope throughput of the local keyring (signed default suite) against the raw AWS Encryption SDK at the
 * same settings (same algorithm suite, frame size, raw AES keyring), in one JMH run: encrypt through
 * {@code encryptingStream}, and verified decrypt (nothing released before the whole message authenticated):
 * Trae's {@code decryptingStream} (one pass; default options seal what exceeds 8 MiB into a temporary file, and a
 * variant holds the whole plaintext in memory) against ESDK's {@code decryptData} (in memory, also verified before it
 * returns). {@code esdkDecryptStreamUnverified} is the ESDK's own decrypting input stream, which releases frames before
 * the signature and the final frame are checked: a reference, not an equivalent.
 * One op = the whole payload ({@value #DEFAULT_MIB} MiB unless {@code -p mib=}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StreamingBench {
    static final int DEFAULT_MIB = 128;
    private static final Map<String, String> CTX = Map.of("purpose", "bench-stream");

    @Param({"4096", "16384", "65536", "262144", "1048576"})
    public int frameSize;

    @Param({"128"})
    public int mib;

    private byte[] payload;
    private byte[][] chunks;
    private byte[] ciphertext;
    private EnvelopeKeyProvider trae;
    private EnvelopeKeyProvider traeHeldInMemory;
    private AwsCrypto esdk;
    private IKeyring keyring;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        payload = new byte[mib << 20];
        new Random(1).nextBytes(payload);
        chunks = new byte[(payload.length + (1 << 20) - 1) >> 20][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = java.util.Arrays.copyOfRange(payload, i << 20, Math.min(payload.length, (i + 1) << 20));
        }
        byte[] key = new byte[32];
        new Random(2).nextBytes(key);
        trae = LocalKeyring.of("bench", key, AuditSink.noop(), EnvelopeOptions.defaults().frameSize(frameSize));
        // the same, holding the whole plaintext in memory until it authenticated (as decryptData does) instead of
        // sealing what exceeds the default 8 MiB into a temporary file
        traeHeldInMemory = LocalKeyring.of("bench", key, AuditSink.noop(),
                EnvelopeOptions.defaults().frameSize(frameSize).releaseMemoryBytes((long) mib << 20));
        MaterialProviders mpl = MaterialProviders.builder().MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();
        // same namespace and name as LocalKeyring's raw keyring, so either side can read the other's envelopes
        keyring = mpl.CreateRawAesKeyring(CreateRawAesKeyringInput.builder().keyNamespace("trae-local").keyName("bench")
                .wrappingKey(ByteBuffer.wrap(key)).wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16).build());
        esdk = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384)
                .withEncryptionFrameSize(frameSize).withMaxEncryptedDataKeys(8).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + (1 << 20));
        try (OutputStream o = trae.encryptingStream(out, CTX)) {
            write(o);
        }
        ciphertext = out.toByteArray();
    }

    /**
     * Writes the payload as 1 MiB arrays, each from offset 0: ESDK 3.0.1's encrypting stream silently drops the last
     * {@code off} bytes of a {@code write(b, off, len)} with {@code off > 0} (aws-encryption-sdk-java issue 2112), so
     * slices of one big array at growing offsets made the raw-ESDK baseline encrypt only about 4 KiB of every MiB after
     * the first (an earlier version of this benchmark did exactly that). Both sides get the same calls.
     */
    private void write(OutputStream o) throws IOException {
        for (byte[] chunk : chunks) {
            o.write(chunk, 0, chunk.length);
        }
    }

    @Benchmark
    public void traeEncrypt() throws IOException {
        try (OutputStream o = trae.encryptingStream(OutputStream.nullOutputStream(), CTX)) {
            write(o);
        }
    }

    @Benchmark
    public void esdkEncrypt() throws IOException {
        try (OutputStream o = esdk.createEncryptingStream(keyring, OutputStream.nullOutputStream(), CTX)) {
            write(o);
        }
    }

    @Benchmark
    public long traeDecryptVerified() throws IOException {
        try (InputStream in = trae.decryptingStream(new ByteArrayInputStream(ciphertext), CTX)) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    @Benchmark
    public long traeDecryptVerifiedInMemory() throws IOException {
        try (InputStream in = traeHeldInMemory.decryptingStream(new ByteArrayInputStream(ciphertext), CTX)) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    @Benchmark
    public int esdkDecryptVerified() {
        return esdk.decryptData(keyring, ciphertext).getResult().length;
    }

    @Benchmark
    public long esdkDecryptStreamUnverified() throws IOException {
        try (InputStream in = esdk.createDecryptingStream(keyring, new ByteArrayInputStream(ciphertext))) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
