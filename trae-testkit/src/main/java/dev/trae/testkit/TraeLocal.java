package dev.trae.testkit;

import dev.trae.testkit.aws.s3.EmbeddedS3;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeService;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.trae.aws.core.HttpSettings;
import dev.trae.aws.core.ResiliencePolicy;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;

/**
 * Trae Local: the embedded stack that tests and {@code make demo} run against, with no AWS account and
 * no network. It holds an {@link EmbeddedS3} (started on first use) and one {@link FakeAwsServer} per
 * faked service, and builds a {@link TraeConfig} in {@link TraeConfig.Mode#LOCAL} pointing at them.
 *
 * <pre>{@code
 * try (TraeLocal local = TraeLocal.start()) {
 *     RekognitionFake rekognition = local.fake("rekognition", new RekognitionFake());
 *     try (VisionClient vision = VisionClient.create(local.config())) {
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class TraeLocal implements AutoCloseable {
    private final Map<String, FakeAwsServer> servers = new LinkedHashMap<>();
    private final Map<String, URI> extraEndpoints = new LinkedHashMap<>();
    private EmbeddedS3 s3;

    private TraeLocal() {
    }

    public static TraeLocal start() {
        return new TraeLocal();
    }

    /** The embedded S3, started on first call. */
    public synchronized EmbeddedS3 s3() {
        if (s3 == null) {
            s3 = EmbeddedS3.start();
        }
        return s3;
    }

    /** Starts (or reuses) the server for {@code service} and installs {@code fake} on it. */
    public synchronized <F extends FakeService> F fake(String service, F fake) {
        Objects.requireNonNull(fake, "fake").install(server(service));
        return fake;
    }

    /** The server of a service, started on first call. */
    public synchronized FakeAwsServer server(String service) {
        return servers.computeIfAbsent(Objects.requireNonNull(service), FakeAwsServer::start);
    }

    /** Points {@code service} at an arbitrary endpoint in configs built from now on (e.g. a fault proxy). */
    public synchronized TraeLocal endpoint(String service, URI endpoint) {
        extraEndpoints.put(service, endpoint);
        return this;
    }

    /**
     * A config for this stack: LOCAL mode, static test credentials, the S3 endpoint (when S3 was
     * started) and one endpoint per fake started so far, short timeouts and fast retries.
     */
    public TraeConfig config() {
        return configBuilder().build();
    }

    /** The builder behind {@link #config()}, for variations. */
    public synchronized TraeConfig.Builder configBuilder() {
        TraeConfig.Builder b = TraeConfig.builder()
                .mode(TraeConfig.Mode.LOCAL)
                .region("us-east-1")
                .credentials(TraeCredentials.staticKeys(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY))
                .http(HttpSettings.builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(10))
                        .apiCallAttemptTimeout(Duration.ofSeconds(10)).apiCallTimeout(Duration.ofSeconds(30))
                        .generativeReadTimeout(Duration.ofSeconds(20)).generativeApiCallTimeout(Duration.ofSeconds(60)).build())
                .resilience(ResiliencePolicy.builder().initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(200)).build())
                .userAgentSuffix("trae-local");
        if (s3 != null) {
            b.endpoint("s3", s3.endpoint());
        }
        servers.forEach((service, server) -> b.endpoint(service, server.endpoint()));
        extraEndpoints.forEach(b::endpoint);
        return b;
    }

    /** Clears captured requests and faults on every server. */
    public synchronized void resetAll() {
        servers.values().forEach(FakeAwsServer::reset);
        if (s3 != null && s3.faultProxyIfStarted() != null) {
            s3.faultProxyIfStarted().reset();
        }
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(FakeAwsServer::close);
        servers.clear();
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }
}
