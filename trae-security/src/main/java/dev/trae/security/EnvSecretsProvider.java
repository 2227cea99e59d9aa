package dev.trae.security;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.security.internal.SecretIds;
import dev.trae.security.model.SecretValue;

/**
 * Secrets from environment variables: secret id {@code prod/db-main} is read from
 * {@code <prefix>PROD_DB_MAIN} (upper case, every other character than a letter or digit becomes
 * {@code _}). Only {@link #CURRENT} exists. Meant for containers that receive secrets as variables.
 *
 * <pre>{@code
 * SecretsProvider secrets = EnvSecretsProvider.fromEnvironment("TRAE_SECRET_");
 * DatabaseCredential db = secrets.databaseCredential("prod/db"); // reads TRAE_SECRET_PROD_DB
 * }</pre>
 */
public final class EnvSecretsProvider implements SecretsProvider {
    private final Map<String, String> env;
    private final String prefix;
    private final AuditSink audit;

    private EnvSecretsProvider(Map<String, String> env, String prefix, AuditSink audit) {
        this.env = Map.copyOf(env);
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.audit = audit == null ? AuditSink.noop() : audit;
    }

    /** Reads the process environment. */
    public static EnvSecretsProvider fromEnvironment(String prefix) {
        return new EnvSecretsProvider(System.getenv(), prefix, AuditSink.noop());
    }

    /** Reads the given map as if it were the environment (tests, or a pre-filtered environment). */
    public static EnvSecretsProvider of(Map<String, String> env, String prefix, AuditSink audit) {
        return new EnvSecretsProvider(env, prefix, audit);
    }

    /** The variable that holds {@code secretId}. */
    public String variableName(String secretId) {
        return prefix + SecretIds.check(secretId).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @Override
    public SecretValue get(String secretId, String versionStage) {
        String var = variableName(secretId);
        SecretIds.checkStage(versionStage);
        String v = CURRENT.equals(versionStage) ? env.get(var) : null;
        audit.record(AuditPrincipal.stamp(AuditEvent.of("env", "GetSecret", secretId), AuditPrincipal.local()).result(v == null ? "FAILURE" : "SUCCESS")
                .detail("variable", var).build());
        if (v == null) {
            throw new SecretNotFoundException(secretId, CURRENT.equals(versionStage)
                    ? "secret '" + secretId + "': environment variable " + var + " is not set"
                    : "environment secrets have no version stage " + versionStage, null);
        }
        return SecretValue.of(secretId, null, List.of(CURRENT), v);
    }

    @Override
    public String toString() {
        return "EnvSecretsProvider[prefix=" + prefix + "]";
    }
}
