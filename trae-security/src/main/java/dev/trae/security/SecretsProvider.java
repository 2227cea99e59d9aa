package dev.trae.security;

import java.util.function.Consumer;

import dev.trae.security.model.DatabaseCredential;
import dev.trae.security.model.SecretValue;

/**
 * Where an application's secrets come from: AWS Secrets Manager ({@link SecretsManagerSecretsProvider}),
 * environment variables ({@link EnvSecretsProvider}) or an encrypted local file
 * ({@link EncryptedFileSecretsProvider}). Implementations are thread-safe; no secret value ever appears
 * in their logs, exception messages or {@code toString()}.
 *
 * <pre>{@code
 * try (SecretsProvider secrets = SecretsManagerSecretsProvider.create(config)) {
 *     DatabaseCredential db = secrets.databaseCredential("prod/oracle/export");
 *     // use db.username(), db.password() ...
 * }
 * }</pre>
 */
public interface SecretsProvider extends AutoCloseable {

    /** Version stage of the current value. */
    String CURRENT = "AWSCURRENT";
    /** Version stage of a value being rotated in. */
    String PENDING = "AWSPENDING";
    /** Version stage of the value before the last rotation. */
    String PREVIOUS = "AWSPREVIOUS";

    /**
     * The current value of a secret.
     *
     * @throws SecretNotFoundException if there is no such secret
     * @throws dev.trae.aws.core.TraeValidationException if the id is empty or malformed
     */
    default SecretValue get(String secretId) {
        return get(secretId, CURRENT);
    }

    /**
     * The value of a secret at a version stage. Providers without versions support only
     * {@link #CURRENT} and throw {@link SecretNotFoundException} for other stages.
     */
    SecretValue get(String secretId, String versionStage);

    /** The current value parsed as a database credential; {@link MalformedSecretException} if it is not one. */
    default DatabaseCredential databaseCredential(String secretId) {
        return get(secretId).asDatabaseCredential();
    }

    /**
     * Forgets any cached value of the secret so the next read goes to the source; call it when the
     * credential was refused (after a rotation).
     */
    default void invalidate(String secretId) {
    }

    /**
     * Registers a hook that receives the new value whenever a read observes that the secret changed
     * (a new version after a rotation). The default provider never observes changes and ignores it.
     */
    default void onChange(String secretId, Consumer<SecretValue> listener) {
    }

    /** Releases resources; throws nothing checked. */
    @Override
    default void close() {
    }
}
