package dev.trae.aws.core;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
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
 * AwsClients clients = AwsClients.of(config);
 * try (RekognitionClient rekognition = clients.sync("rekognition", RekognitionClient::builder)) {
 *     clients.resilience().call("rekognition", "DetectLabels", () -> rekognition.detectLabels(request));
 * }
 * }</pre>
 */
public final class AwsClients {
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
        return config.resilience().runtime();
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
        b.httpClientBuilder(ApacheHttpClient.builder()
                .connectionTimeout(h.connectTimeout())
                .socketTimeout(read)
                .maxConnections(h.maxConnections()));
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
        TraeCredentials.requireText("service", service);
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
