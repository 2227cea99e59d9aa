package dev.trae.aws.core.spi;

import dev.trae.aws.core.HttpSettings;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.core.TraeValidationException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

/**
 * The single factory for AWS SDK v2 clients. Modules never call {@code XxxClient.builder().build()}
 * themselves; they hand the builder factory to this class, which applies the config's region, shared
 * credentials provider, endpoint override, HTTP timeouts, user agent, and switches the SDK's own
 * retries off (Trae's {@link Resilience} retries instead).
 *
 * <pre>{@code
 * try (ServiceClient<RekognitionClient> rekognition = AwsClients.of(config).service(Services.REKOGNITION, RekognitionClient::builder)) {
 *     rekognition.call("DetectLabels", c -> c.detectLabels(request));
 * }
 * }</pre>
 */
public final class AwsClients {
    /**
     * Services whose request or response bodies carry secrets (KMS plaintext data keys, Secrets Manager values, STS
     * temporary credentials): their sync clients use the JDK HTTP client, which does not log bodies, instead of
     * Apache's, whose {@code org.apache.http.wire} logger prints them at DEBUG.
     */
    static final java.util.Set<String> QUIET_SERVICES = java.util.Set.of("kms", "secretsmanager", "sts");

    /** Version reported in the user agent. */
    public static final String SDK_VERSION = "0.1.0";

    /** Which timeouts a client gets. */
    public enum Profile {
        /** Ordinary request/response calls. */
        STANDARD,
        /** Long-running generation (Bedrock): the long read and API-call timeouts. */
        GENERATIVE
    }

    private final TraeConfig config;

    private AwsClients(TraeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public static AwsClients of(TraeConfig config) {
        return new AwsClients(config);
    }

    public TraeConfig config() {
        return config;
    }

    /** The shared decorators of the config's resilience policy. */
    public Resilience resilience() {
        return Resilience.of(config);
    }

    /**
     * A guarded synchronous client of a registered service: the service's own settings and timeout profile,
     * and every call through resilience, translation and observation.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> ServiceClient<C> service(
            Service service, Supplier<B> builder) {
        return service(service, builder, b -> { });
    }

    /** {@link #service(Service, Supplier)} with a customizer that runs last (service-specific options). */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> ServiceClient<C> service(
            Service service, Supplier<B> builder, Consumer<B> customizer) {
        return new ServiceClient<>(service, sync(service.id(), builder, service.profile(), withSettings(service, customizer)), config);
    }

    /** A guarded asynchronous (Netty) client of a registered service. */
    public <B extends AwsClientBuilder<B, C> & AwsAsyncClientBuilder<B, C>, C extends SdkClient> ServiceClient<C> asyncService(
            Service service, Supplier<B> builder) {
        return asyncService(service, builder, b -> { });
    }

    /** {@link #asyncService(Service, Supplier)} with a customizer that runs last. */
    public <B extends AwsClientBuilder<B, C> & AwsAsyncClientBuilder<B, C>, C extends SdkClient> ServiceClient<C> asyncService(
            Service service, Supplier<B> builder, Consumer<B> customizer) {
        return new ServiceClient<>(service, async(service.id(), builder, service.profile(), withSettings(service, customizer)), config);
    }

    /** Wraps an SDK client built elsewhere (a caller's own) so that its calls are guarded too. */
    public <C extends SdkClient> ServiceClient<C> guard(Service service, C client) {
        return new ServiceClient<>(service, client, config);
    }

    private <B> Consumer<B> withSettings(Service service, Consumer<B> customizer) {
        if (service.settings() == Service.Settings.S3) {
            // S3ClientSettings touches S3 types only when an S3 client is built (s3 is optional for core)
            return b -> {
                S3ClientSettings.apply(config, b);
                customizer.accept(b);
            };
        }
        return customizer;
    }

    /** A synchronous client with the standard profile. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C sync(String service, Supplier<B> builder) {
        return sync(service, builder, Profile.STANDARD, b -> { });
    }

    /**
     * A synchronous client. {@code customizer} may set service-specific options (S3 path-style
     * access, checksum modes) and runs last.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C sync(
            String service, Supplier<B> builder, Profile profile, Consumer<B> customizer) {
        B b = configure(service, builder.get(), profile);
        HttpSettings h = config.http();
        Duration read = profile == Profile.GENERATIVE ? h.generativeReadTimeout() : h.readTimeout();
        if (QUIET_SERVICES.contains(service)) {
            // bodies carry secrets (data keys, secret values, temporary credentials): never through Apache's wire log
            b.httpClient(new dev.trae.aws.core.internal.QuietHttpClient(h.connectTimeout(), read));
        } else {
            b.httpClientBuilder(ApacheHttpClient.builder()
                    .connectionTimeout(h.connectTimeout())
                    .socketTimeout(read)
                    .maxConnections(h.maxConnections()));
        }
        customizer.accept(b);
        return b.build();
    }

    /** An asynchronous client (Netty) with the standard profile. */
    public <B extends AwsClientBuilder<B, C> & AwsAsyncClientBuilder<B, C>, C> C async(String service, Supplier<B> builder) {
        return async(service, builder, Profile.STANDARD, b -> { });
    }

    /**
     * An asynchronous client (Netty). Plain-HTTP endpoints (Trae Local) use HTTP/1.1; HTTPS negotiates as usual.
     */
    public <B extends AwsClientBuilder<B, C> & AwsAsyncClientBuilder<B, C>, C> C async(
            String service, Supplier<B> builder, Profile profile, Consumer<B> customizer) {
        B b = configure(service, builder.get(), profile);
        HttpSettings h = config.http();
        Duration read = profile == Profile.GENERATIVE ? h.generativeReadTimeout() : h.readTimeout();
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .connectionTimeout(h.connectTimeout())
                .readTimeout(read)
                .maxConcurrency(h.maxConnections());
        URI endpoint = config.endpoint(service).orElse(null);
        if (endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme())) {
            http.protocol(Protocol.HTTP1_1);
        }
        b.httpClientBuilder(http);
        customizer.accept(b);
        return b.build();
    }

    private <B extends AwsClientBuilder<B, C>, C> B configure(String service, B b, Profile profile) {
        if (service == null || service.isBlank()) {
            throw new TraeValidationException("service", "must not be blank");
        }
        HttpSettings h = config.http();
        b.region(config.region());
        b.credentialsProvider(config.credentials().provider(config.region(), config.endpoint("sts").orElse(null)));
        config.endpoint(service).ifPresent(uri -> {
            if (config.mode() == TraeConfig.Mode.AWS && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new TraeValidationException("endpoint", "plain HTTP endpoint refused in AWS mode for " + service);
            }
            b.endpointOverride(uri);
        });
        String ua = "trae-sdk/" + SDK_VERSION + config.userAgentSuffix().map(s -> " " + s).orElse("");
        b.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(profile == Profile.GENERATIVE ? h.generativeApiCallTimeout() : h.apiCallTimeout())
                .apiCallAttemptTimeout(profile == Profile.GENERATIVE ? h.generativeApiCallTimeout() : h.apiCallAttemptTimeout())
                .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, ua)
                .build());
        return b;
    }
}
