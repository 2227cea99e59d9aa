package dev.trae.security;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.security.internal.SecretIds;
import dev.trae.security.model.SecretValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Secrets from AWS Secrets Manager, cached for a bounded time. Reads of any version stage
 * (AWSCURRENT, AWSPENDING, AWSPREVIOUS) are supported; {@link #onChange(String, Consumer)} hooks see a
 * new AWSCURRENT version as soon as a read (after the TTL, after {@link #invalidate(String)}, or after
 * {@link #refresh(String)}) observes it. {@link RotatingCredential} builds on this to swap database
 * credentials without a restart. Every read is audited by secret id; values never reach logs,
 * exception messages or {@code toString()}. Calls go through the config's resilience policy.
 *
 * <pre>{@code
 * try (SecretsManagerSecretsProvider secrets = SecretsManagerSecretsProvider.builder(config)
 *         .ttl(Duration.ofMinutes(5)).build()) {
 *     DatabaseCredential db = secrets.databaseCredential("prod/oracle/export");
 * }
 * }</pre>
 */
public final class SecretsManagerSecretsProvider implements SecretsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerSecretsProvider.class);

    private final TraeConfig config;
    private final ServiceClient<SecretsManagerClient> client;
    private final AuditSink audit;
    private final Cache<String, SecretValue> cache;
    private final Map<String, String> currentVersions = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<SecretValue>>> listeners = new ConcurrentHashMap<>();

    private SecretsManagerSecretsProvider(Builder b) {
        this.config = b.config;
        this.client = AwsClients.of(config).service(Services.SECRETS_MANAGER, SecretsManagerClient::builder);
        this.audit = config.auditSink();
        this.cache = Caffeine.newBuilder().expireAfterWrite(b.ttl).maximumSize(b.maxEntries).build();
    }

    /** A provider with a five-minute cache. */
    public static SecretsManagerSecretsProvider create(TraeConfig config) {
        return builder(config).build();
    }

    public static Builder builder(TraeConfig config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    @Override
    public SecretValue get(String secretId, String versionStage) {
        SecretIds.check(secretId);
        SecretIds.checkStage(versionStage);
        String key = secretId + "\u0000" + versionStage;
        SecretValue cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        SecretValue fresh = fetch(secretId, versionStage);
        cache.put(key, fresh);
        if (CURRENT.equals(versionStage)) {
            observeCurrent(secretId, fresh);
        }
        return fresh;
    }

    /** The AWSPENDING value during a rotation; {@link SecretNotFoundException} if no rotation is in progress. */
    public SecretValue pending(String secretId) {
        return get(secretId, PENDING);
    }

    /** Forgets the cached value and reads AWSCURRENT again, notifying change hooks if it changed. */
    public SecretValue refresh(String secretId) {
        invalidate(secretId);
        return get(secretId);
    }

    @Override
    public void invalidate(String secretId) {
        SecretIds.check(secretId);
        cache.asMap().keySet().removeIf(k -> k.startsWith(secretId + "\u0000"));
    }

    @Override
    public void onChange(String secretId, Consumer<SecretValue> listener) {
        SecretIds.check(secretId);
        listeners.computeIfAbsent(secretId, k -> new CopyOnWriteArrayList<>()).add(Objects.requireNonNull(listener));
    }

    /**
     * Whether a failure looks like a refused login (so the secret may have been rotated): SQL states
     * 28000/28P01, Oracle ORA-01017, HTTP 401/403 from a service, or such wording in the message.
     */
    public static boolean isAuthFailure(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause()) {
            if (e instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && state.startsWith("28") || s.getErrorCode() == 1017) {
                    return true;
                }
            }
            if (e instanceof TraeServiceException s && (s.statusCode() == 401 || s.statusCode() == 403)) {
                return true;
            }
            String m = e.getMessage();
            if (m != null) {
                String l = m.toLowerCase(java.util.Locale.ROOT);
                if (l.contains("authentication failed") || l.contains("invalid username/password")
                        || l.contains("access denied for user") || l.contains("login failed")) {
                    return true;
                }
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    private void observeCurrent(String secretId, SecretValue fresh) {
        String newVersion = fresh.versionId().orElse("");
        String old = currentVersions.put(secretId, newVersion);
        if (old != null && !old.equals(newVersion)) {
            LOG.info("secret {} has a new current version; notifying {} hook(s)", secretId,
                    listeners.getOrDefault(secretId, List.of()).size());
            audit.record(AuditPrincipal.stamp(AuditEvent.of("secretsmanager", "Rotated", secretId), this::principal)
                    .detail("versionId", newVersion).build());
            for (Consumer<SecretValue> l : listeners.getOrDefault(secretId, List.of())) {
                try {
                    l.accept(fresh);
                } catch (RuntimeException e) {
                    LOG.warn("rotation hook for secret {} failed: {}", secretId, e.getClass().getSimpleName());
                }
            }
        }
    }

    private SecretValue fetch(String secretId, String stage) {
        try {
            GetSecretValueResponse r = client.call("GetSecretValue",
                    c -> c.getSecretValue(q -> q.secretId(secretId).versionStage(stage)));
            audit.record(AuditPrincipal.stamp(AuditEvent.of("secretsmanager", "GetSecretValue", secretId), this::principal)
                    .requestId(r.responseMetadata().requestId()).detail("versionStage", stage)
                    .detail("versionId", r.versionId()).build());
            if (r.secretString() != null) {
                return SecretValue.of(secretId, r.versionId(), r.versionStages(), r.secretString());
            }
            if (r.secretBinary() != null) {
                return SecretValue.ofBytes(secretId, r.versionId(), r.versionStages(), r.secretBinary().asByteArray());
            }
            throw new MalformedSecretException("secret '" + secretId + "' has neither a string nor a binary value");
        } catch (TraeServiceException e) {
            audit.record(AuditPrincipal.stamp(AuditEvent.of("secretsmanager", "GetSecretValue", secretId), this::principal)
                    .result(e.statusCode() == 403 ? "DENIED" : "FAILURE").requestId(e.requestId().orElse(null))
                    .detail("versionStage", stage).detail("error", e.errorCode().orElse("?")).build());
            if (e.errorCode().filter("ResourceNotFoundException"::equals).isPresent()) {
                throw new SecretNotFoundException(secretId, "secret '" + secretId + "' has no " + stage
                        + " version in Secrets Manager (check the name, region and version stage)", e);
            }
            throw e;
        }
    }

    private String principal() {
        return AuditPrincipal.callerOf(config);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "SecretsManagerSecretsProvider[region=" + config.region() + ", cached=" + cache.estimatedSize() + "]";
    }

    /** Builder for {@link SecretsManagerSecretsProvider}. */
    public static final class Builder {
        private final TraeConfig config;
        private Duration ttl = Duration.ofMinutes(5);
        private long maxEntries = 1_000;

        private Builder(TraeConfig config) {
            this.config = config;
        }

        /** How long a value is served from memory (default five minutes). */
        public Builder ttl(Duration ttl) {
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new TraeValidationException("ttl", "must be a positive duration");
            }
            this.ttl = ttl;
            return this;
        }

        /** Most cached values (default 1,000). */
        public Builder maxEntries(long n) {
            if (n < 1) {
                throw new TraeValidationException("maxEntries", "must be positive");
            }
            this.maxEntries = n;
            return this;
        }

        public SecretsManagerSecretsProvider build() {
            return new SecretsManagerSecretsProvider(this);
        }
    }
}
