package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import dev.trae.aws.core.AuditSink;
import org.junit.jupiter.api.Test;

/**
 * {@code encryptingStream} keeps every byte however the caller slices its writes. ESDK 3.0.1's frame encryptor drops
 * the last {@code off} bytes of {@code write(b, off, len)} when {@code off > 0} (aws-encryption-sdk-java issue 2112):
 * this test failed before Trae's stream stopped passing offsets through (message 5,000 bytes short).
 */
class EnvelopeStreamWriteTest {
    private static final Map<String, String> CTX = Map.of("purpose", "stream-writes");

    @Test
    void encryptingStream_whenWritesStartAtOffsets_keepsEveryByte() throws Exception {
        EnvelopeKeyProvider kms = LocalKeyring.of("writes", new byte[32], AuditSink.noop());
        byte[] plain = new byte[1_000_000];
        new Random(9).nextBytes(plain);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = kms.encryptingStream(sink, CTX)) {
            for (int i = 0; i < 5_000; i++) {
                out.write(plain[i]);
            }
            out.write(plain, 5_000, 300_000);          // large slice at an offset
            out.write(plain, 305_000, 123);            // small slices at offsets
            out.write(plain, 305_123, 4_096 - 123);
            out.write(plain, 309_096, plain.length - 309_096);
        }
        byte[] back = kms.decrypt(sink.toByteArray(), CTX);
        assertThat(back.length).as("decrypted length").isEqualTo(plain.length);
        assertThat(Arrays.mismatch(back, plain)).as("first differing byte").isEqualTo(-1);
        try (InputStream in = kms.decryptingStream(new ByteArrayInputStream(sink.toByteArray()), CTX)) {
            assertThat(Arrays.mismatch(in.readAllBytes(), plain)).isEqualTo(-1);
        }
    }
}
