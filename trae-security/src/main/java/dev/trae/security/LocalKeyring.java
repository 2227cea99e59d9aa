package dev.trae.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;

import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.TraeValidationException;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * The offline key provider: an AWS Encryption SDK raw AES-256 keyring whose wrapping key lives in a
 * local key file. Used by Trae Local, tests and the demo; production uses
 * {@link KmsKeyProviders#awsKms(dev.trae.aws.core.TraeConfig, String)}.
 *
 * <p>The key file is a small properties file ({@code name=local-…}, {@code key=<base64 of 32 bytes>})
 * created with permissions {@code 0600}; a key file that group or others can read is refused.
 *
 * <pre>{@code
 * try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(Path.of(".trae/local.key"))) {
 *     byte[] box = kms.encrypt("hello".getBytes(UTF_8), Map.of("purpose", "demo"));
 * }
 * }</pre>
 */
public final class LocalKeyring {
    /** The raw keyring's key namespace (the EDK provider id). */
    public static final String NAMESPACE = "trae-local";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final MaterialProviders MPL = MaterialProviders.builder()
            .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();

    private LocalKeyring() {
    }

    /** Loads the key file, creating it (0600, fresh random AES-256 key) if it does not exist. No audit. */
    public static EnvelopeKeyProvider createOrLoad(Path keyFile) {
        return createOrLoad(keyFile, AuditSink.noop());
    }

    /** As {@link #createOrLoad(Path)}, recording every operation on {@code audit}. */
    public static EnvelopeKeyProvider createOrLoad(Path keyFile, AuditSink audit) {
        return createOrLoad(keyFile, audit, EnvelopeOptions.defaults());
    }

    /** As {@link #createOrLoad(Path, AuditSink)} with message options (for example unsigned messages for trusted bulk work). */
    public static EnvelopeKeyProvider createOrLoad(Path keyFile, AuditSink audit, EnvelopeOptions options) {
        if (keyFile == null) {
            throw new TraeValidationException("keyFile", "must not be null");
        }
        Path file = keyFile.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            create(file);
        }
        Properties p = load(file);
        byte[] key = decodeKey(file, p.getProperty("key", ""));
        String name = p.getProperty("name", "");
        checkNameAndKey(name, key);
        java.util.List<IKeyring> retired = new java.util.ArrayList<>();
        for (int i = 1; p.containsKey("retired." + i + ".key"); i++) {
            String rn = p.getProperty("retired." + i + ".name", "");
            byte[] rk = decodeKey(file, p.getProperty("retired." + i + ".key"));
            checkNameAndKey(rn, rk);
            retired.add(rawKeyring(rn, rk));
        }
        IKeyring current = rawKeyring(name, key);
        IKeyring decrypt = retired.isEmpty() ? current
                : MPL.CreateMultiKeyring(CreateMultiKeyringInput.builder().generator(current).childKeyrings(retired).build());
        return new EnvelopeKeyProvider("local:" + name, current, decrypt, null, audit, AuditPrincipal.local(), null, null,
                java.util.Objects.requireNonNull(options, "options"));
    }

    /**
     * Rotates the key file: a fresh AES-256 key becomes current (it wraps every new envelope) and the
     * previous keys are kept as {@code retired.N} entries that only decrypt. Returns the new key name.
     * Providers opened before the rotation keep using the old key until reopened. Re-encrypt old data
     * and then remove retired entries by hand to finish a rotation.
     */
    public static String rotate(Path keyFile) {
        Path file = keyFile.toAbsolutePath().normalize();
        Properties p = load(file);
        int n = 1;
        while (p.containsKey("retired." + n + ".key")) {
            n++;
        }
        StringBuilder text = new StringBuilder("# Trae local wrapping key (AES-256). Keep this file private (0600); losing it loses the data.\n");
        String name = newName();
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        text.append("name=").append(name).append('\n').append("key=").append(Base64.getEncoder().encodeToString(key)).append('\n');
        text.append("# retired keys: decrypt only\n");
        for (int i = 1; i < n; i++) {
            text.append("retired.").append(i).append(".name=").append(p.getProperty("retired." + i + ".name")).append('\n');
            text.append("retired.").append(i).append(".key=").append(p.getProperty("retired." + i + ".key")).append('\n');
        }
        text.append("retired.").append(n).append(".name=").append(p.getProperty("name")).append('\n');
        text.append("retired.").append(n).append(".key=").append(p.getProperty("key")).append('\n');
        write(file, text.toString(), true);
        return name;
    }

    private static byte[] decodeKey(Path file, String b64) {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new TraeValidationException("keyFile", "key file " + file + " has an entry that is not valid base64");
        }
    }

    private static String newName() {
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        return "local-" + HexFormat.of().formatHex(id);
    }

    /**
     * A provider over a given 32-byte wrapping key (for tests and for keys held elsewhere).
     * {@code name} identifies the key in envelopes; it is not secret.
     */
    public static EnvelopeKeyProvider of(String name, byte[] key, AuditSink audit) {
        return of(name, key, audit, EnvelopeOptions.defaults());
    }

    /** As {@link #of(String, byte[], AuditSink)} with message options. */
    public static EnvelopeKeyProvider of(String name, byte[] key, AuditSink audit, EnvelopeOptions options) {
        java.util.Objects.requireNonNull(options, "options");
        checkNameAndKey(name, key);
        return new EnvelopeKeyProvider("local:" + name, rawKeyring(name, key), null, audit, AuditPrincipal.local(), null, null, options);
    }

    private static void checkNameAndKey(String name, byte[] key) {
        if (name == null || !name.matches("[A-Za-z0-9._:/-]{1,128}")) {
            throw new TraeValidationException("name", "must be 1-128 characters of letters, digits and . _ : / -");
        }
        if (key == null || key.length != 32) {
            throw new TraeValidationException("key", "an AES-256 wrapping key must be 32 bytes, was "
                    + (key == null ? "null" : key.length));
        }
    }

    private static IKeyring rawKeyring(String name, byte[] key) {
        return MPL.CreateRawAesKeyring(CreateRawAesKeyringInput.builder()
                .keyNamespace(NAMESPACE).keyName(name)
                .wrappingKey(ByteBuffer.wrap(key.clone()))
                .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16).build());
    }

    private static void create(Path file) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String text = "# Trae local wrapping key (AES-256). Keep this file private (0600); losing it loses the data.\n"
                + "name=" + newName() + "\n"
                + "key=" + Base64.getEncoder().encodeToString(key) + "\n";
        write(file, text, false);
    }

    /** Writes a key file atomically with 0600; without {@code replace}, an existing file (a lost race) is kept. */
    private static void write(Path file, String text, boolean replace) {
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Path tmp;
            try {
                tmp = Files.createTempFile(dir, ".trae-key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                tmp = Files.createTempFile(dir, ".trae-key-", ".tmp");
            }
            try {
                Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
                if (replace) {
                    try {
                        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                } else {
                    try {
                        // a hard link appears atomically and never replaces an existing file (rename would)
                        Files.createLink(file, tmp);
                    } catch (UnsupportedOperationException e) {
                        Files.move(tmp, file);
                    }
                }
            } catch (FileAlreadyExistsException e) {
                // lost a race: keep the winner's key
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write key file " + file, e);
        }
    }

    private static Properties load(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new TraeValidationException("keyFile", file + " is not a regular file");
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                    throw new TraeValidationException("keyFile", "key file " + file + " is accessible to group or others ("
                            + PosixFilePermissions.toString(perms) + "): run chmod 600 on it");
                }
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            if (Files.size(file) > 4096) {
                throw new TraeValidationException("keyFile", "key file " + file + " is too large to be a Trae key file");
            }
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read key file " + file, e);
        }
    }
}
