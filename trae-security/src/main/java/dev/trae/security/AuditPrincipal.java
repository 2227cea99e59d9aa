package dev.trae.security;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Who an audit event names. The {@code principal} is the AWS principal of the config's credentials, from STS
 * {@code GetCallerIdentity} (its ARN, for example {@code arn:aws:sts::111122223333:assumed-role/app/i-0abc}), asked once
 * per credentials and cached for 15 minutes; local-only providers (the local keyring, the encrypted secrets file,
 * environment secrets) name the operating-system user as {@code local:<user>}. The application can add the end user it
 * acts for, per thread or per call: events then carry {@code details.endUser}.
 *
 * <pre>{@code
 * try (AuditPrincipal.Scope s = AuditPrincipal.endUser("user-4711")) {
 *     secrets.get("prod/db");                                   // audited with endUser=user-4711
 * }
 * byte[] doc = AuditPrincipal.asEndUser("user-4711", () -> kms.decrypt(box, ctx));
 * }</pre>
 *
 * <p>When STS cannot answer, events name {@code unresolved:<reason>} (for a minute, then STS is asked again) and a
 * warning is logged; the audited operation itself goes on. A Trae Local config without an {@code sts} endpoint names
 * {@code local-config:<user-agent suffix or trae>} without asking.
 */
public final class AuditPrincipal {
    private static final Logger LOG = LoggerFactory.getLogger(AuditPrincipal.class);
    private static final ThreadLocal<String> END_USER = new ThreadLocal<>();
    private static final Cache<TraeCredentials, String> CALLERS = Caffeine.newBuilder().weakKeys()
            .expireAfterWrite(Duration.ofMinutes(15)).build();
    private static final Cache<TraeCredentials, String> FAILED = Caffeine.newBuilder().weakKeys()
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    /** Restores the previous end user when closed. */
    public static final class Scope implements AutoCloseable {
        private final String previous;
        private boolean closed;

        private Scope(String previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (previous == null) {
                    END_USER.remove();
                } else {
                    END_USER.set(previous);
                }
            }
        }
    }

    private AuditPrincipal() {
    }

    /** Sets the end user of this thread's audited calls until the scope is closed. */
    public static Scope endUser(String id) {
        String checked = check(id);
        String previous = END_USER.get();
        END_USER.set(checked);
        return new Scope(previous);
    }

    /** Runs {@code call} with {@code id} as the end user. */
    public static <T> T asEndUser(String id, Supplier<T> call) {
        Objects.requireNonNull(call, "call");
        try (Scope s = endUser(id)) {
            return call.get();
        }
    }

    /** This thread's end user, if one is set. */
    public static Optional<String> endUser() {
        return Optional.ofNullable(END_USER.get());
    }

    private static String check(String id) {
        if (id == null || id.isBlank() || id.length() > 256 || id.chars().anyMatch(Character::isISOControl)) {
            throw new TraeValidationException("endUser", "must be 1-256 characters without control characters");
        }
        return id;
    }

    /**
     * The ARN of the config's credentials from STS {@code GetCallerIdentity} (cached per credentials for 15 minutes),
     * or {@code unresolved:<error>} when STS could not answer.
     */
    public static String callerOf(TraeConfig config) {
        Objects.requireNonNull(config, "config");
        TraeCredentials creds = config.credentials();
        String known = CALLERS.getIfPresent(creds);
        if (known != null) {
            return known;
        }
        String failed = FAILED.getIfPresent(creds);
        if (failed != null) {
            return failed;
        }
        if (config.mode() == TraeConfig.Mode.LOCAL && config.endpoint("sts").isEmpty()) {
            // Trae Local without an STS fake: there is no account to ask (and no network to reach AWS's STS)
            return "local-config:" + config.userAgentSuffix().orElse("trae");
        }
        try (ServiceClient<StsClient> sts = AwsClients.of(config).service(Services.STS, StsClient::builder)) {
            String arn = sts.call("GetCallerIdentity", c -> c.getCallerIdentity(r -> { })).arn();
            CALLERS.put(creds, arn);
            return arn;
        } catch (TraeException e) {
            String unresolved = "unresolved:" + e.getClass().getSimpleName();
            FAILED.put(creds, unresolved);
            LOG.warn("could not resolve the AWS principal of the configured credentials with STS GetCallerIdentity ({}); "
                    + "audit events name '{}' for the next minute", e.getClass().getSimpleName(), unresolved);
            return unresolved;
        }
    }

    /** A principal resolved lazily (on the first audited call) from the config's credentials. */
    static Supplier<String> of(TraeConfig config) {
        return () -> callerOf(config);
    }

    /** The principal of local-only providers: {@code local:<operating-system user>}. */
    static Supplier<String> local() {
        String user = System.getProperty("user.name", "unknown");
        return () -> "local:" + user;
    }

    /** Sets the principal and, when one is set on this thread, the end user. */
    static AuditEvent.Builder stamp(AuditEvent.Builder b, Supplier<String> principal) {
        b.principal(principal.get());
        endUser().ifPresent(u -> b.detail("endUser", u));
        return b;
    }
}
