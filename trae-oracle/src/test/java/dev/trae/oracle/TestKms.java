package dev.trae.oracle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Cipher;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.TraeClientException;

/**
 * A stand-in for trae-security's local keyring in tests: AES-GCM under one key, the encryption context bound
 * as associated data. Envelope: 12-byte IV then ciphertext and tag.
 */
final class TestKms implements KmsKeyProvider {
    private final SecretKeySpec key;

    TestKms() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        key = new SecretKeySpec(k, "AES");
    }

    @Override
    public String keyId() {
        return "test-local-key";
    }

    private static byte[] aad(Map<String, String> ctx) {
        return new TreeMap<>(ctx).toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] encrypt(byte[] plaintext, Map<String, String> ctx) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = encryptingStream(bo, ctx)) {
            o.write(plaintext);
        } catch (IOException e) {
            throw new TraeClientException(e.getMessage(), e);
        }
        return bo.toByteArray();
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, Map<String, String> ctx) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, ciphertext, 0, 12));
            c.updateAAD(aad(ctx));
            return c.doFinal(ciphertext, 12, ciphertext.length - 12);
        } catch (Exception e) {
            throw new TraeClientException("decryption failed", e);
        }
    }

    @Override
    public OutputStream encryptingStream(OutputStream sink, Map<String, String> ctx) {
        try {
            byte[] iv = new byte[12];
            new SecureRandom().nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(aad(ctx));
            sink.write(iv);
            return new CipherOutputStream(sink, c);
        } catch (Exception e) {
            throw new TraeClientException("encryption failed", e);
        }
    }

    @Override
    public InputStream decryptingStream(InputStream source, Map<String, String> ctx) {
        try {
            return new java.io.ByteArrayInputStream(decrypt(source.readAllBytes(), ctx));
        } catch (IOException e) {
            throw new TraeClientException(e.getMessage(), e);
        }
    }
}
