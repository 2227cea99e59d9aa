package dev.trae.spring.autoconfigure;

import java.util.Locale;

import dev.trae.aws.core.HttpSettings;
import dev.trae.aws.core.ResiliencePolicy;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.core.TraeValidationException;

/** Turns {@link TraeProperties} into a {@link TraeConfig.Builder}; a property left unset keeps the Trae default. */
final class TraeConfigFactory {
    /** Credentials used in LOCAL mode when none are configured: the fakes check signatures exist, not keys. */
    static final String LOCAL_KEY = "trae-local";

    private TraeConfigFactory() {
    }

    static TraeConfig.Builder builder(TraeProperties p) {
        TraeConfig.Mode mode = p.getMode() == TraeProperties.Mode.LOCAL ? TraeConfig.Mode.LOCAL : TraeConfig.Mode.AWS;
        TraeConfig.Builder b = TraeConfig.builder().mode(mode);
        if (p.getRegion() != null && !p.getRegion().isBlank()) {
            b.region(p.getRegion().trim());
        }
        if (p.getUserAgentSuffix() != null) {
            b.userAgentSuffix(p.getUserAgentSuffix());
        }
        p.getEndpoints().forEach(b::endpoint);
        b.credentials(credentials(p.getCredentials(), mode));
        b.http(http(p.getHttp()));
        b.resilience(resilience(p.getResilience()));
        return b;
    }

    static TraeCredentials credentials(TraeProperties.Credentials c, TraeConfig.Mode mode) {
        TraeCredentials base = baseCredentials(c, mode);
        String apiKey = c.getBedrockApiKey();
        return apiKey == null || apiKey.isBlank() ? base : base.withBedrockApiKey(() -> apiKey);
    }

    private static TraeCredentials baseCredentials(TraeProperties.Credentials c, TraeConfig.Mode mode) {
        TraeProperties.CredentialsType type = c.getType() == null ? TraeProperties.CredentialsType.AUTO : c.getType();
        if (type == TraeProperties.CredentialsType.AUTO) {
            type = c.getAssumeRole().getRoleArn() != null ? TraeProperties.CredentialsType.ASSUME_ROLE
                    : c.getWebIdentity().getRoleArn() != null ? TraeProperties.CredentialsType.WEB_IDENTITY
                    : c.getProfile() != null ? TraeProperties.CredentialsType.PROFILE
                    : c.getAccessKeyId() != null ? TraeProperties.CredentialsType.STATIC
                    : mode == TraeConfig.Mode.LOCAL ? TraeProperties.CredentialsType.STATIC
                    : TraeProperties.CredentialsType.DEFAULT;
        }
        switch (type) {
            case PROFILE:
                return TraeCredentials.profile(c.getProfile());
            case STATIC:
                if (c.getAccessKeyId() == null && mode == TraeConfig.Mode.LOCAL) {
                    return TraeCredentials.staticKeys(LOCAL_KEY, LOCAL_KEY);
                }
                return TraeCredentials.staticKeys(c.getAccessKeyId(), c.getSecretAccessKey(), c.getSessionToken());
            case ASSUME_ROLE: {
                TraeProperties.AssumeRole a = c.getAssumeRole();
                TraeCredentials.AssumeRole.Builder r = TraeCredentials.AssumeRole.builder()
                        .roleArn(a.getRoleArn()).sessionName(a.getSessionName()).externalId(a.getExternalId())
                        .duration(a.getDuration());
                if (a.getSourceProfile() != null) {
                    r.source(TraeCredentials.profile(a.getSourceProfile()));
                }
                return TraeCredentials.assumeRole(r.build());
            }
            case WEB_IDENTITY: {
                TraeProperties.WebIdentity w = c.getWebIdentity();
                if (w.getTokenFile() == null) {
                    throw new TraeValidationException("trae.credentials.web-identity.token-file",
                            "is required with web identity credentials (on EKS it is AWS_WEB_IDENTITY_TOKEN_FILE)");
                }
                return TraeCredentials.webIdentity(TraeCredentials.WebIdentity.of(w.getRoleArn(), w.getTokenFile(), w.getSessionName()));
            }
            case DEFAULT:
                return TraeCredentials.defaultChain();
            default:
                throw new IllegalStateException("credentials type " + type.name().toLowerCase(Locale.ROOT));
        }
    }

    static HttpSettings http(TraeProperties.Http h) {
        HttpSettings.Builder b = HttpSettings.defaults().toBuilder();
        if (h.getConnectTimeout() != null) {
            b.connectTimeout(h.getConnectTimeout());
        }
        if (h.getReadTimeout() != null) {
            b.readTimeout(h.getReadTimeout());
        }
        if (h.getApiCallTimeout() != null) {
            b.apiCallTimeout(h.getApiCallTimeout());
        }
        if (h.getApiCallAttemptTimeout() != null) {
            b.apiCallAttemptTimeout(h.getApiCallAttemptTimeout());
        }
        if (h.getGenerativeReadTimeout() != null) {
            b.generativeReadTimeout(h.getGenerativeReadTimeout());
        }
        if (h.getGenerativeApiCallTimeout() != null) {
            b.generativeApiCallTimeout(h.getGenerativeApiCallTimeout());
        }
        if (h.getMaxConnections() != null) {
            b.maxConnections(h.getMaxConnections());
        }
        return b.build();
    }

    static ResiliencePolicy resilience(TraeProperties.Resilience r) {
        ResiliencePolicy defaults = ResiliencePolicy.defaults();
        ResiliencePolicy.Builder b = defaults.toBuilder();
        if (r.getMaxAttempts() != null) {
            b.maxAttempts(r.getMaxAttempts());
        }
        if (r.getInitialBackoff() != null) {
            b.initialBackoff(r.getInitialBackoff());
        }
        if (r.getMaxBackoff() != null) {
            b.maxBackoff(r.getMaxBackoff());
        }
        if (r.getBackoffMultiplier() != null) {
            b.backoffMultiplier(r.getBackoffMultiplier());
        }
        if (r.getJitter() != null) {
            b.jitter(r.getJitter());
        }
        r.getRateLimits().forEach(b::rateLimit);
        if (r.getRateLimitWait() != null) {
            b.rateLimitWait(r.getRateLimitWait());
        }
        TraeProperties.CircuitBreaker cb = r.getCircuitBreaker();
        b.circuitBreaker(
                cb.getFailureRateThreshold() != null ? cb.getFailureRateThreshold() : defaults.failureRateThreshold(),
                cb.getSlidingWindowSize() != null ? cb.getSlidingWindowSize() : defaults.slidingWindowSize(),
                cb.getMinimumNumberOfCalls() != null ? cb.getMinimumNumberOfCalls() : defaults.minimumNumberOfCalls(),
                cb.getOpenStateWait() != null ? cb.getOpenStateWait() : defaults.openStateWait());
        TraeProperties.Bulkhead bh = r.getBulkhead();
        b.bulkhead(bh.getMaxConcurrentCalls() != null ? bh.getMaxConcurrentCalls() : defaults.maxConcurrentCalls(),
                bh.getMaxWait() != null ? bh.getMaxWait() : defaults.bulkheadWait());
        return b.build();
    }
}
