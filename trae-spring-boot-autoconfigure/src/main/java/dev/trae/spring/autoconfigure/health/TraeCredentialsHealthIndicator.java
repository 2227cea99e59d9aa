package dev.trae.spring.autoconfigure.health;

import java.util.Objects;

import dev.trae.aws.core.Redaction;
import dev.trae.aws.core.TraeConfig;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * UP when the shared config's credentials resolve to an access key, DOWN with the reason otherwise. Resolving
 * reads the environment, a profile file or the instance metadata, or calls STS for assume-role and web identity;
 * STS calls are free and cached by the refreshing provider, so the check never makes a paid call. The details show
 * the kind of source and a masked access key id, never a secret.
 */
public final class TraeCredentialsHealthIndicator extends AbstractHealthIndicator {
    private final TraeConfig config;

    /** Checks {@code config}'s credentials. */
    public TraeCredentialsHealthIndicator(TraeConfig config) {
        super("Trae credentials could not be resolved");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("source", config.credentials().kind().name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("region", config.region().id())
                .withDetail("mode", config.mode().name().toLowerCase(java.util.Locale.ROOT));
        try {
            AwsCredentials c = config.credentials().provider(config.region(), config.endpoint("sts").orElse(null)).resolveCredentials();
            builder.up().withDetail("accessKeyId", Redaction.maskIdentifier(c.accessKeyId()));
        } catch (RuntimeException e) {
            // the SDK's messages name the places it looked; scrub them anyway
            builder.down().withDetail("error", Redaction.scrub(String.valueOf(e.getMessage())));
        }
    }
}
