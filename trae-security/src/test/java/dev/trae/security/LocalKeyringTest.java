package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.TraeValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyringTest {
    static final Map<String, String> CTX = Map.of("purpose", "test", "tenant", "acme");

    @TempDir
    Path dir;

    @Test
    void createOrLoad_whenMissing_createsOwnerOnlyKeyFileAndReloadsSameKey() throws Exception {
        Path file = dir.resolve("keys/local.key");
        byte[] box;
        try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(file)) {
            box = kms.encrypt("hello".getBytes(StandardCharsets.UTF_8), CTX);
            assertThat(kms.keyId()).startsWith("local:local-");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (EnvelopeKeyProvider again = LocalKeyring.createOrLoad(file)) {
            assertThat(new String(again.decrypt(box, CTX), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void createOrLoad_whenKeyFileReadableByOthers_refuses() throws Exception {
        Path file = dir.resolve("local.key");
        LocalKeyring.createOrLoad(file).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> LocalKeyring.createOrLoad(file))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("chmod 600");
    }

    @Test
    void createOrLoad_whenKeyFileCorrupt_failsClearlyWithoutEchoingContent() throws Exception {
        Path file = dir.resolve("bad.key");
        Files.writeString(file, "name=x\nkey=c2VjcmV0LXRvby1zaG9ydA==\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> LocalKeyring.createOrLoad(file))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void encrypt_whenDecrypted_roundTripsAndChecksContextSubset() {
        EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"));
        byte[] plain = new byte[100_000];
        new Random(1).nextBytes(plain);
        byte[] box = kms.encrypt(plain, CTX);
        assertThat(box).isNotEqualTo(plain);
        assertThat(kms.decrypt(box, CTX)).isEqualTo(plain);
        assertThat(kms.decrypt(box, Map.of("purpose", "test"))).isEqualTo(plain);
        assertThat(kms.decrypt(kms.encrypt(new byte[0], Map.of()), Map.of())).isEmpty();
    }

    @Test
    void decrypt_whenWrongKey_throwsWrongKey() {
        EnvelopeKeyProvider a = LocalKeyring.createOrLoad(dir.resolve("a"));
        EnvelopeKeyProvider b = LocalKeyring.createOrLoad(dir.resolve("b"));
        byte[] box = a.encrypt("secret plaintext".getBytes(StandardCharsets.UTF_8), CTX);
        assertThatThrownBy(() -> b.decrypt(box, CTX)).isInstanceOf(WrongKeyException.class)
                .hasMessageNotContaining("secret plaintext");
    }

    @Test
    void decrypt_whenSameNameDifferentKeyMaterial_throwsWrongKey() {
        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        k2[0] = 1;
        byte[] box = LocalKeyring.of("shared", k1, null).encrypt(new byte[10], CTX);
        assertThatThrownBy(() -> LocalKeyring.of("shared", k2, null).decrypt(box, CTX)).isInstanceOf(WrongKeyException.class);
    }

    @Test
    void decrypt_whenAnyBodyByteFlipped_throwsTamperedAndNoPlaintext() {
        EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"));
        byte[] box = kms.encrypt(new byte[20_000], CTX);
        // flip bytes across the body and signature (not the header, covered below)
        for (int pos : new int[] {box.length - 1, box.length - 60, box.length / 2, box.length - 20_010}) {
            byte[] t = box.clone();
            t[pos] ^= 0x01;
            assertThatThrownBy(() -> kms.decrypt(t, CTX)).as("flip at %d", pos).isInstanceOf(DecryptionException.class);
        }
        byte[] truncated = java.util.Arrays.copyOf(box, box.length - 200);
        assertThatThrownBy(() -> kms.decrypt(truncated, CTX)).isInstanceOf(TamperedCiphertextException.class);
        byte[] header = box.clone();
        header[1] ^= 0x7F;
        assertThatThrownBy(() -> kms.decrypt(header, CTX)).isInstanceOf(DecryptionException.class);
    }

    @Test
    void decrypt_whenGarbageOrEmpty_throwsTypedError() {
        EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"));
        assertThatThrownBy(() -> kms.decrypt(new byte[0], CTX)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> kms.decrypt("not an envelope at all".getBytes(StandardCharsets.UTF_8), CTX))
                .isInstanceOf(TamperedCiphertextException.class);
        byte[] random = new byte[5000];
        new Random(7).nextBytes(random);
        assertThatThrownBy(() -> kms.decrypt(random, CTX)).isInstanceOf(DecryptionException.class);
    }

    @Test
    void decrypt_whenWrongContext_throwsMismatchNamingKeysNotValues() {
        EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"));
        byte[] box = kms.encrypt(new byte[10], CTX);
        assertThatThrownBy(() -> kms.decrypt(box, Map.of("tenant", "evil-corp-value")))
                .isInstanceOf(EncryptionContextMismatchException.class)
                .hasMessageContaining("tenant").hasMessageNotContaining("evil-corp-value").hasMessageNotContaining("acme");
        assertThatThrownBy(() -> kms.decrypt(box, Map.of("other", "x"))).isInstanceOf(EncryptionContextMismatchException.class);
    }

    @Test
    void encrypt_whenContextInvalid_rejectsBeforeWork() {
        EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"));
        assertThatThrownBy(() -> kms.encrypt(new byte[1], null)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> kms.encrypt(new byte[1], Map.of("aws-crypto-public-key", "x")))
                .isInstanceOf(TraeValidationException.class);
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThatThrownBy(() -> kms.encrypt(new byte[1], nullValue)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> LocalKeyring.of("bad name with spaces", new byte[32], null))
                .isInstanceOf(TraeValidationException.class);
    }

    @Test
    void streams_whenLargePayload_roundTripInBoundedChunksIncludingDiskSpool() throws Exception {
        EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"));
        int size = EnvelopeKeyProvider.SPOOL_MEMORY_BYTES + 1_000_003; // spills to disk
        Path cipherFile = dir.resolve("big.enc");
        Random r = new Random(3);
        byte[] chunk = new byte[65_536];
        java.security.MessageDigest inDigest = java.security.MessageDigest.getInstance("SHA-256");
        try (OutputStream out = kms.encryptingStream(Files.newOutputStream(cipherFile), CTX)) {
            int left = size;
            while (left > 0) {
                r.nextBytes(chunk);
                int n = Math.min(left, chunk.length);
                out.write(chunk, 0, n);
                inDigest.update(chunk, 0, n);
                left -= n;
            }
        }
        java.security.MessageDigest outDigest = java.security.MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = kms.decryptingStream(Files.newInputStream(cipherFile), CTX)) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                outDigest.update(chunk, 0, n);
                total += n;
            }
        }
        assertThat(total).isEqualTo(size);
        assertThat(outDigest.digest()).isEqualTo(inDigest.digest());
        // bytes and stream envelopes are the same format
        assertThat(kms.decrypt(Files.readAllBytes(cipherFile), CTX)).hasSize(size);
    }

    @Test
    void decryptingStream_whenLastFrameTampered_releasesNothing() throws Exception {
        EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = kms.encryptingStream(sink, CTX)) {
            out.write(new byte[50_000]);
        }
        byte[] box = sink.toByteArray();
        box[box.length - 120] ^= 0x10; // inside the final frame / signature area, after many good frames
        assertThatThrownBy(() -> kms.decryptingStream(new ByteArrayInputStream(box), CTX))
                .isInstanceOf(DecryptionException.class);
        byte[] truncated = java.util.Arrays.copyOf(sink.toByteArray(), 30_000);
        assertThatThrownBy(() -> kms.decryptingStream(new ByteArrayInputStream(truncated), CTX))
                .isInstanceOf(TamperedCiphertextException.class);
        assertThatThrownBy(() -> kms.decryptingStream(new ByteArrayInputStream(sink.toByteArray()), Map.of("purpose", "x")))
                .isInstanceOf(EncryptionContextMismatchException.class);
    }

    @Test
    void operations_whenAudited_recordKeyIdAndResultNeverData() {
        List<AuditEvent> events = new ArrayList<>();
        EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"), events::add);
        byte[] box = kms.encrypt("top secret text".getBytes(StandardCharsets.UTF_8), CTX);
        kms.decrypt(box, CTX);
        assertThatThrownBy(() -> kms.decrypt(box, Map.of("tenant", "x"))).isInstanceOf(DecryptionException.class);
        assertThat(events).extracting(AuditEvent::action).containsExactly("Encrypt", "Decrypt", "Decrypt");
        assertThat(events).extracting(AuditEvent::result).containsExactly("SUCCESS", "SUCCESS", "DENIED");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.resource()).isEqualTo(kms.keyId());
            assertThat(e.toString()).doesNotContain("top secret").doesNotContain("acme");
        });
    }

    @Test
    void unsignedOption_whenUsed_isSmallerAndInteroperableButStillAuthenticated() {
        Path key = dir.resolve("k");
        EnvelopeKeyProvider signed = LocalKeyring.createOrLoad(key);
        EnvelopeKeyProvider unsigned = LocalKeyring.createOrLoad(key, null, EnvelopeOptions.defaults().signed(false).frameSize(1024));
        byte[] s = signed.encrypt(new byte[100], CTX);
        byte[] u = unsigned.encrypt(new byte[100], CTX);
        assertThat(u.length).isLessThan(s.length - 100); // no public key in the context, no signature footer
        assertThat(signed.decrypt(u, CTX)).hasSize(100);
        assertThat(unsigned.decrypt(s, CTX)).hasSize(100);
        u[u.length - 3] ^= 1;
        assertThatThrownBy(() -> signed.decrypt(u, CTX)).isInstanceOf(TamperedCiphertextException.class);
        assertThatThrownBy(() -> EnvelopeOptions.defaults().frameSize(10)).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void rotate_whenKeyFileRotated_newKeyWrapsAndRetiredKeysOnlyDecrypt() throws Exception {
        Path file = dir.resolve("rot.key");
        EnvelopeKeyProvider before = LocalKeyring.createOrLoad(file);
        byte[] oldBox = before.encrypt("old data".getBytes(StandardCharsets.UTF_8), CTX);
        String newName = LocalKeyring.rotate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        EnvelopeKeyProvider after = LocalKeyring.createOrLoad(file);
        assertThat(after.keyId()).isEqualTo("local:" + newName).isNotEqualTo(before.keyId());
        assertThat(new String(after.decrypt(oldBox, CTX), StandardCharsets.UTF_8)).isEqualTo("old data");
        byte[] newBox = after.encrypt("new data".getBytes(StandardCharsets.UTF_8), CTX);
        // the retired key did not wrap the new data key
        assertThatThrownBy(() -> before.decrypt(newBox, CTX)).isInstanceOf(WrongKeyException.class);
        LocalKeyring.rotate(file);
        EnvelopeKeyProvider third = LocalKeyring.createOrLoad(file);
        assertThat(third.decrypt(oldBox, CTX)).isNotEmpty();
        assertThat(third.decrypt(newBox, CTX)).isNotEmpty();
        assertThat(Files.readString(file)).contains("retired.1.name=" + before.keyId().substring(6)).contains("retired.2.name=" + newName);
    }

    @Test
    void createOrLoad_whenManyThreadsRace_allGetTheSameKey() throws Exception {
        Path file = dir.resolve("race.key");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<String>> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(pool.submit(() -> LocalKeyring.createOrLoad(file).keyId()));
        }
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (var f : ids) {
            distinct.add(f.get());
        }
        pool.shutdown();
        assertThat(distinct).hasSize(1);
        try (var s = Files.list(dir)) {
            assertThat(s.map(x -> x.getFileName().toString())).doesNotContain(".tmp").noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
