package dev.trae.quarkus.runtime;

import java.net.URI;

import dev.trae.aws.core.HttpSettings;
import dev.trae.aws.core.ResiliencePolicy;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.core.TraeValidationException;

/** Turns {@link TraeRuntimeConfig} into a {@link TraeConfig.Builder}; a setting left unset keeps the Trae default. */
final class TraeConfigs {
    /** Credentials used in local mode when none are configured: the fakes check that a signature exists, not keys. */
    static final String LOCAL_KEY = "trae-local";

    private TraeConfigs() {
    }

    static TraeConfig.Builder builder(TraeRuntimeConfig c) {
        TraeConfig.Mode mode = c.mode() == TraeRuntimeConfig.Mode.LOCAL ? TraeConfig.Mode.LOCAL : TraeConfig.Mode.AWS;
        TraeConfig.Builder b = TraeConfig.builder().mode(mode);
        c.region().filter(r -> !r.isBlank()).map(String::trim).ifPresent(b::region);
        c.userAgentSuffix().ifPresent(b::userAgentSuffix);
        c.endpoints().forEach((service, uri) -> b.endpoint(service, URI.create(uri.trim())));
        b.credentials(credentials(c.credentials(), mode));
        b.http(http(c.http()));
        b.resilience(resilience(c.resilience()));
        return b;
    }

    static TraeCredentials credentials(TraeRuntimeConfig.Credentials c, TraeConfig.Mode mode) {
        TraeCredentials base = baseCredentials(c, mode);
        return c.bedrockApiKey().filter(k -> !k.isBlank()).map(k -> base.withBedrockApiKey(() -> k)).orElse(base);
    }

    private static TraeCredentials baseCredentials(TraeRuntimeConfig.Credentials c, TraeConfig.Mode mode) {
        TraeRuntimeConfig.CredentialsType type = c.type();
        if (type == TraeRuntimeConfig.CredentialsType.AUTO) {
            type = c.assumeRole().roleArn().isPresent() ? TraeRuntimeConfig.CredentialsType.ASSUME_ROLE
                    : c.webIdentity().roleArn().isPresent() ? TraeRuntimeConfig.CredentialsType.WEB_IDENTITY
                    : c.profile().isPresent() ? TraeRuntimeConfig.CredentialsType.PROFILE
                    : c.accessKeyId().isPresent() || mode == TraeConfig.Mode.LOCAL ? TraeRuntimeConfig.CredentialsType.STATIC
                    : TraeRuntimeConfig.CredentialsType.DEFAULT;
        }
        switch (type) {
            case PROFILE:
                return TraeCredentials.profile(c.profile().orElseThrow(() ->
                        new TraeValidationException("quarkus.trae.credentials.profile", "is required with profile credentials")));
            case STATIC:
                if (c.accessKeyId().isEmpty() && mode == TraeConfig.Mode.LOCAL) {
                    return TraeCredentials.staticKeys(LOCAL_KEY, LOCAL_KEY);
                }
                return TraeCredentials.staticKeys(c.accessKeyId().orElse(null), c.secretAccessKey().orElse(null),
                        c.sessionToken().orElse(null));
            case ASSUME_ROLE: {
                TraeRuntimeConfig.AssumeRole a = c.assumeRole();
                TraeCredentials.AssumeRole.Builder r = TraeCredentials.AssumeRole.builder()
                        .roleArn(a.roleArn().orElse(null)).sessionName(a.sessionName())
                        .externalId(a.externalId().orElse(null)).duration(a.duration());
                a.sourceProfile().ifPresent(p -> r.source(TraeCredentials.profile(p)));
                return TraeCredentials.assumeRole(r.build());
            }
            case WEB_IDENTITY: {
                TraeRuntimeConfig.WebIdentity w = c.webIdentity();
                return TraeCredentials.webIdentity(TraeCredentials.WebIdentity.of(w.roleArn().orElse(null),
                        w.tokenFile().orElseThrow(() -> new TraeValidationException("quarkus.trae.credentials.web-identity.token-file",
                                "is required with web identity credentials (on EKS it is AWS_WEB_IDENTITY_TOKEN_FILE)")),
                        w.sessionName()));
            }
            default:
                return TraeCredentials.defaultChain();
        }
    }

    static HttpSettings http(TraeRuntimeConfig.Http h) {
        HttpSettings.Builder b = HttpSettings.defaults().toBuilder();
        h.connectTimeout().ifPresent(b::connectTimeout);
        h.readTimeout().ifPresent(b::readTimeout);
        h.apiCallTimeout().ifPresent(b::apiCallTimeout);
        h.apiCallAttemptTimeout().ifPresent(b::apiCallAttemptTimeout);
        h.generativeReadTimeout().ifPresent(b::generativeReadTimeout);
        h.generativeApiCallTimeout().ifPresent(b::generativeApiCallTimeout);
        h.maxConnections().ifPresent(b::maxConnections);
        return b.build();
    }

    static ResiliencePolicy resilience(TraeRuntimeConfig.Resilience r) {
        ResiliencePolicy.Builder b = ResiliencePolicy.defaults().toBuilder();
        r.maxAttempts().ifPresent(b::maxAttempts);
        r.initialBackoff().ifPresent(b::initialBackoff);
        r.maxBackoff().ifPresent(b::maxBackoff);
        r.backoffMultiplier().ifPresent(b::backoffMultiplier);
        r.jitter().ifPresent(b::jitter);
        r.rateLimits().forEach(b::rateLimit);
        return b.build();
    }
}
