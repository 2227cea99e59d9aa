package dev.trae.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.security.internal.SecretIds;
import dev.trae.security.model.SecretValue;

/**
 * Secrets in one local file, encrypted as a whole with a {@link KmsKeyProvider} (an envelope under the
 * context {@code purpose=trae-secrets-file, file=<name>}). Writes are atomic and leave the file
 * {@code 0600}. Only {@link #CURRENT} exists. Thread-safe within one process.
 *
 * <pre>{@code
 * try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(home.resolve("local.key"))) {
 *     EncryptedFileSecretsProvider secrets = EncryptedFileSecretsProvider.open(home.resolve("secrets.enc"), kms);
 *     secrets.put("oracle/export", credential.toJson());
 * }
 * }</pre>
 */
public final class EncryptedFileSecretsProvider implements SecretsProvider {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final KmsKeyProvider kms;
    private final AuditSink audit;
    private final Map<String, String> context;

    private EncryptedFileSecretsProvider(Path file, KmsKeyProvider kms, AuditSink audit) {
        this.file = file;
        this.kms = kms;
        this.audit = audit == null ? AuditSink.noop() : audit;
        this.context = Map.of("purpose", "trae-secrets-file", "file", file.getFileName().toString());
    }

    /** Opens (the file need not exist yet) a secrets file encrypted under {@code kms}. */
    public static EncryptedFileSecretsProvider open(Path file, KmsKeyProvider kms) {
        return open(file, kms, AuditSink.noop());
    }

    public static EncryptedFileSecretsProvider open(Path file, KmsKeyProvider kms, AuditSink audit) {
        return new EncryptedFileSecretsProvider(Objects.requireNonNull(file, "file").toAbsolutePath(),
                Objects.requireNonNull(kms, "kms"), audit);
    }

    @Override
    public synchronized SecretValue get(String secretId, String versionStage) {
        SecretIds.check(secretId);
        SecretIds.checkStage(versionStage);
        String v = CURRENT.equals(versionStage) ? read().get(secretId) : null;
        audit.record(AuditPrincipal.stamp(AuditEvent.of("secrets-file", "GetSecret", secretId), AuditPrincipal.local()).result(v == null ? "FAILURE" : "SUCCESS").build());
        if (v == null) {
            throw new SecretNotFoundException(secretId, "secret '" + secretId + "' is not in " + file.getFileName()
                    + (CURRENT.equals(versionStage) ? "" : " (file secrets have only the AWSCURRENT stage)"), null);
        }
        return SecretValue.of(secretId, null, List.of(CURRENT), v);
    }

    /** Adds or replaces a secret. */
    public synchronized void put(String secretId, String value) {
        SecretIds.check(secretId);
        Objects.requireNonNull(value, "value");
        Map<String, String> all = read();
        all.put(secretId, value);
        write(all);
        audit.record(AuditPrincipal.stamp(AuditEvent.of("secrets-file", "PutSecret", secretId), AuditPrincipal.local()).build());
    }

    /** Removes a secret; returns whether it existed. */
    public synchronized boolean remove(String secretId) {
        SecretIds.check(secretId);
        Map<String, String> all = read();
        boolean had = all.remove(secretId) != null;
        if (had) {
            write(all);
            audit.record(AuditPrincipal.stamp(AuditEvent.of("secrets-file", "DeleteSecret", secretId), AuditPrincipal.local()).build());
        }
        return had;
    }

    /** The ids in the file (not the values). */
    public synchronized Set<String> ids() {
        return Set.copyOf(read().keySet());
    }

    private Map<String, String> read() {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        byte[] plain;
        try {
            plain = kms.decrypt(Files.readAllBytes(file), context);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read secrets file " + file, e);
        }
        try {
            return MAPPER.readValue(plain, new TypeReference<TreeMap<String, String>>() { });
        } catch (IOException e) {
            throw new MalformedSecretException("secrets file " + file.getFileName() + " decrypted but is not a JSON object of strings");
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    private void write(Map<String, String> all) {
        try {
            byte[] plain = MAPPER.writeValueAsBytes(all);
            byte[] box = kms.encrypt(plain, context);
            java.util.Arrays.fill(plain, (byte) 0);
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Path tmp;
            try {
                tmp = Files.createTempFile(dir, ".trae-secrets-", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                tmp = Files.createTempFile(dir, ".trae-secrets-", ".tmp");
            }
            Files.write(tmp, box);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write secrets file " + file, e);
        }
    }

    @Override
    public String toString() {
        return "EncryptedFileSecretsProvider[" + file + ", key=" + kms.keyId() + "]";
    }
}
