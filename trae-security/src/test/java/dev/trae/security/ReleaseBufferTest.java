package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import dev.trae.aws.core.AuditSink;
import dev.trae.security.internal.ReleaseBuffer;
import org.junit.jupiter.api.Test;

/**
 * The single-pass verified stream decryption: plaintext is held (memory, then a temporary file sealed under a one-time
 * key) until the whole envelope authenticated; the file never holds plaintext and a changed file fails the read.
 */
class ReleaseBufferTest {
    private static final Map<String, String> CTX = Map.of("purpose", "release-buffer");
    private static final byte[] MARKER = "PLAINTEXT-MARKER-0123456789".getBytes(StandardCharsets.US_ASCII);

    private static byte[] patterned(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i + MARKER.length <= size; i += 1000) {
            System.arraycopy(MARKER, 0, b, i, MARKER.length);
        }
        return b;
    }

    private static List<Path> sealedFiles() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("trae-plain-")).toList();
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void buffer_whenOverMemoryLimit_sealsTheRestAndReadsBackExactly() throws Exception {
        List<Path> before = sealedFiles();
        byte[] plain = patterned(200_000);
        ReleaseBuffer buf = new ReleaseBuffer(40_000);
        try (OutputStream sink = buf.sink()) {
            for (int off = 0; off < plain.length; off += 7_777) {
                sink.write(plain, off, Math.min(7_777, plain.length - off));
            }
        }
        assertThat(buf.spilled()).isTrue();
        List<Path> files = sealedFiles().stream().filter(p -> !before.contains(p)).toList();
        assertThat(files).hasSize(1);
        byte[] onDisk = Files.readAllBytes(files.get(0));
        assertThat(onDisk.length).isGreaterThan(150_000);
        assertThat(contains(onDisk, MARKER)).as("the temporary file holds no plaintext").isFalse();
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0))))
                    .isEqualTo("rw-------");
        }
        try (InputStream in = buf.open()) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
        assertThat(files.get(0)).doesNotExist();
    }

    @Test
    void buffer_whenSealedFileChangedAfterVerification_failsInsteadOfReleasingOtherBytes() throws Exception {
        List<Path> before = sealedFiles();
        byte[] plain = patterned(100_000);
        ReleaseBuffer buf = new ReleaseBuffer(0);
        try (OutputStream sink = buf.sink()) {
            sink.write(plain);
        }
        Path file = sealedFiles().stream().filter(p -> !before.contains(p)).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(file);
        bytes[ReleaseBuffer.BLOCK + 16 + 5] ^= 1; // second sealed block
        Files.write(file, bytes);
        byte[] got = new byte[plain.length];
        int n = 0;
        try (InputStream in = buf.open()) {
            int r;
            while (true) {
                try {
                    r = in.read(got, n, got.length - n);
                } catch (IOException e) {
                    assertThat(e).hasMessageContaining("changed after verification");
                    break;
                }
                if (r < 0) {
                    throw new AssertionError("a changed sealed file was read to the end");
                }
                n += r;
            }
        }
        // only the first block (intact) was returned
        assertThat(n).isEqualTo(ReleaseBuffer.BLOCK);
        assertThat(Arrays.copyOf(got, n)).isEqualTo(Arrays.copyOf(plain, n));
        assertThat(file).doesNotExist();
    }

    @Test
    void decryptingStream_whenSpilled_roundTripsAndLeavesNoFile() throws Exception {
        byte[] key = new byte[32];
        new Random(5).nextBytes(key);
        EnvelopeKeyProvider kms = LocalKeyring.of("rb", key, AuditSink.noop(),
                EnvelopeOptions.defaults().releaseMemoryBytes(64 * 1024));
        byte[] plain = patterned(1_000_000);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = kms.encryptingStream(sink, CTX)) {
            for (byte b : Arrays.copyOf(plain, 5_000)) {
                out.write(b); // single-byte writes are gathered before the ESDK sees them
            }
            out.write(plain, 5_000, plain.length - 5_000);
        }
        List<Path> before = sealedFiles();
        try (InputStream in = kms.decryptingStream(new ByteArrayInputStream(sink.toByteArray()), CTX)) {
            assertThat(sealedFiles().stream().filter(p -> !before.contains(p)).toList()).hasSize(1);
            assertThat(in.read()).isEqualTo(plain[0] & 0xff);
            byte[] rest = in.readAllBytes();
            assertThat(rest.length).isEqualTo(plain.length - 1);
            assertThat(Arrays.mismatch(rest, Arrays.copyOfRange(plain, 1, plain.length))).isEqualTo(-1);
        }
        assertThat(sealedFiles().stream().filter(p -> !before.contains(p)).toList()).isEmpty();
        // a truncated envelope leaves no file behind either, and releases nothing
        byte[] truncated = Arrays.copyOf(sink.toByteArray(), sink.size() - 200);
        assertThatThrownBy(() -> kms.decryptingStream(new ByteArrayInputStream(truncated), CTX))
                .isInstanceOf(TamperedCiphertextException.class);
        assertThat(sealedFiles().stream().filter(p -> !before.contains(p)).toList()).isEmpty();
        assertThatThrownBy(() -> kms.decryptingStream(new ByteArrayInputStream(new byte[0]), CTX))
                .isInstanceOf(TamperedCiphertextException.class);
    }

    @Test
    void envelopeOptions_whenReleaseMemoryOutOfRange_rejects() {
        assertThatThrownBy(() -> EnvelopeOptions.defaults().releaseMemoryBytes(-1))
                .isInstanceOf(dev.trae.aws.core.TraeValidationException.class);
        assertThat(EnvelopeOptions.defaults().releaseMemoryBytes()).isEqualTo(8L << 20);
        assertThat(EnvelopeOptions.defaults().frameSize()).isEqualTo(16 * 1024);
    }
}
