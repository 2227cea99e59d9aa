package dev.trae.security.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.Redaction;

/**
 * One version of a secret: its id, version id, version stages and value. {@link #toString()} never
 * shows the value. Immutable.
 */
public final class SecretValue {
    private final String secretId;
    private final String versionId;
    private final List<String> stages;
    private final byte[] value;

    private SecretValue(String secretId, String versionId, List<String> stages, byte[] value) {
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.versionId = versionId;
        this.stages = List.copyOf(stages);
        this.value = value.clone();
    }

    /** A string secret. */
    public static SecretValue of(String secretId, String versionId, List<String> stages, String value) {
        return new SecretValue(secretId, versionId, stages, Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
    }

    /** A binary secret. */
    public static SecretValue ofBytes(String secretId, String versionId, List<String> stages, byte[] value) {
        return new SecretValue(secretId, versionId, stages, Objects.requireNonNull(value, "value"));
    }

    public String secretId() {
        return secretId;
    }

    /** The provider's version id, when it has versions (Secrets Manager does). */
    public Optional<String> versionId() {
        return Optional.ofNullable(versionId);
    }

    /** Version stages such as AWSCURRENT and AWSPENDING; empty when the provider has none. */
    public List<String> stages() {
        return stages;
    }

    /** The value as UTF-8 text. */
    public String asString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** A copy of the raw value. */
    public byte[] asBytes() {
        return value.clone();
    }

    /** Parses the value as a database credential (see {@link DatabaseCredential#fromJson(String, String)}). */
    public DatabaseCredential asDatabaseCredential() {
        return DatabaseCredential.fromJson(secretId, asString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue s && s.secretId.equals(secretId) && Objects.equals(s.versionId, versionId)
                && s.stages.equals(stages) && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secretId, versionId, stages);
    }

    @Override
    public String toString() {
        return "SecretValue[" + secretId + (versionId != null ? " version=" + versionId : "") + " stages=" + stages
                + " value=" + Redaction.MASK + "]";
    }
}
