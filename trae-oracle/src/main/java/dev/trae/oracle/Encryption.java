package dev.trae.oracle;

import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.TraeValidationException;

/**
 * How exported objects are encrypted at rest. Immutable.
 * <ul>
 *   <li>{@link #none()}: the bucket's default encryption applies;</li>
 *   <li>{@link #sseKms(String)}: S3 encrypts with the given KMS key (SSE-KMS request parameters);</li>
 *   <li>{@link #clientSide()}: every file is envelope-encrypted before it leaves the process, through the
 *       config's {@link dev.trae.aws.core.KmsKeyProvider} (set by trae-security); the encryption context names
 *       the job and the object, and is recorded in the manifest.</li>
 * </ul>
 */
public final class Encryption {
    /** Kind of encryption. */
    public enum Kind { NONE, SSE_KMS, CLIENT_SIDE }

    private static final Encryption NONE = new Encryption(Kind.NONE, null);
    private static final Encryption CLIENT = new Encryption(Kind.CLIENT_SIDE, null);
    private final Kind kind;
    private final String kmsKeyId;

    private Encryption(Kind kind, String kmsKeyId) {
        this.kind = kind;
        this.kmsKeyId = kmsKeyId;
    }

    public static Encryption none() {
        return NONE;
    }

    /** SSE-KMS with a key id, ARN or alias ({@code alias/exports}). */
    public static Encryption sseKms(String kmsKeyId) {
        if (kmsKeyId == null || !kmsKeyId.matches("[A-Za-z0-9:/_+=.@-]{1,2048}")) {
            throw new TraeValidationException("kmsKeyId", "must be a KMS key id, ARN or alias");
        }
        return new Encryption(Kind.SSE_KMS, kmsKeyId);
    }

    /** Client-side envelope encryption with the config's KMS key provider. */
    public static Encryption clientSide() {
        return CLIENT;
    }

    public Kind kind() {
        return kind;
    }

    /** The SSE-KMS key, for {@link Kind#SSE_KMS}. */
    public Optional<String> kmsKeyId() {
        return Optional.ofNullable(kmsKeyId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encryption && ((Encryption) o).kind == kind && Objects.equals(((Encryption) o).kmsKeyId, kmsKeyId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, kmsKeyId);
    }

    @Override
    public String toString() {
        return kind == Kind.SSE_KMS ? "SSE_KMS(" + kmsKeyId + ")" : kind.name();
    }
}
