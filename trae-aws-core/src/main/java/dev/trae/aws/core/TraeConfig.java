package dev.trae.aws.core;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.job.JobStore;
import software.amazon.awssdk.regions.Region;

/**
 * The one immutable configuration every Trae client is created from: region, credentials,
 * per-service endpoint overrides, HTTP timeouts, resilience policy, KMS key provider, audit sink,
 * cache and job store. Share one instance across the application; derive variants with
 * {@link #toBuilder()}.
 *
 * <pre>{@code
 * TraeConfig config = TraeConfig.builder()
 *         .region("eu-central-1")
 *         .credentials(TraeCredentials.profile("fuel-prod"))
 *         .resilience(ResiliencePolicy.builder().rateLimit("rekognition", 20).build())
 *         .build();
 * TraeConfig slowReads = config.toBuilder().http(config.http().toBuilder().readTimeout(Duration.ofMinutes(2)).build()).build();
 * }</pre>
 *
 * <p>Service names used for endpoints and rate limits are the AWS endpoint prefixes:
 * {@code s3, sts, kms, secretsmanager, bedrock, bedrock-runtime, bedrock-agent-runtime, rekognition,
 * textract, lex-runtime, lex-models, sagemaker, ec2, ssm, batch, logs}.
 *
 * <p>{@link Mode#AWS} refuses {@code http://} endpoints: traffic to AWS is TLS-only. {@link Mode#LOCAL}
 * (Trae Local, tests) allows plain HTTP to loopback fakes.
 */
public final class TraeConfig {

    /** Where calls go. */
    public enum Mode {
        /** Real AWS: TLS-only endpoints. */
        AWS,
        /** Trae Local fakes or other test endpoints: plain HTTP allowed. */
        LOCAL
    }

    private final Region region;
    private final TraeCredentials credentials;
    private final Map<String, URI> endpoints;
    private final HttpSettings http;
    private final ResiliencePolicy resilience;
    private final KmsKeyProvider kmsKeyProvider;
    private final AuditSink auditSink;
    private final CacheSettings cache;
    private final JobStore jobStore;
    private final String userAgentSuffix;
    private final CallObserver observer;
    private final Mode mode;

    private TraeConfig(Builder b) {
        this.region = b.region;
        this.credentials = b.credentials;
        this.endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(b.endpoints));
        this.http = b.http;
        this.resilience = b.resilience;
        this.kmsKeyProvider = b.kmsKeyProvider;
        this.auditSink = b.auditSink;
        this.cache = b.cache;
        this.jobStore = b.jobStore;
        this.userAgentSuffix = b.userAgentSuffix;
        this.observer = b.observer;
        this.mode = b.mode;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.region = region;
        b.credentials = credentials;
        b.endpoints.putAll(endpoints);
        b.http = http;
        b.resilience = resilience;
        b.kmsKeyProvider = kmsKeyProvider;
        b.auditSink = auditSink;
        b.cache = cache;
        b.jobStore = jobStore;
        b.userAgentSuffix = userAgentSuffix;
        b.observer = observer;
        b.mode = mode;
        return b;
    }

    public Region region() {
        return region;
    }

    public TraeCredentials credentials() {
        return credentials;
    }

    /** Endpoint overrides by service name. */
    public Map<String, URI> endpoints() {
        return endpoints;
    }

    /** The endpoint override for a service, if configured. */
    public Optional<URI> endpoint(String service) {
        return Optional.ofNullable(endpoints.get(service));
    }

    public HttpSettings http() {
        return http;
    }

    public ResiliencePolicy resilience() {
        return resilience;
    }

    /** The shared KMS provider (set by trae-security), if configured. */
    public Optional<KmsKeyProvider> kmsKeyProvider() {
        return Optional.ofNullable(kmsKeyProvider);
    }

    public AuditSink auditSink() {
        return auditSink;
    }

    public CacheSettings cache() {
        return cache;
    }

    public JobStore jobStore() {
        return jobStore;
    }

    /** The observation hook of every AWS call ({@link CallObserver#NOOP} unless set). */
    public CallObserver observer() {
        return observer;
    }

    public Optional<String> userAgentSuffix() {
        return Optional.ofNullable(userAgentSuffix);
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public String toString() {
        return "TraeConfig[mode=" + mode + ", region=" + region + ", credentials=" + credentials + ", endpoints="
                + endpoints + ", http=" + http + ", resilience=" + resilience + ", kms="
                + (kmsKeyProvider == null ? "none" : kmsKeyProvider.keyId()) + ", cache=" + cache
                + (userAgentSuffix != null ? ", userAgentSuffix=" + userAgentSuffix : "") + "]";
    }

    /** Builder for {@link TraeConfig}. Not thread-safe; the built config is. */
    public static final class Builder {
        private Region region = Region.US_EAST_1;
        private TraeCredentials credentials = TraeCredentials.defaultChain();
        private final Map<String, URI> endpoints = new LinkedHashMap<>();
        private HttpSettings http = HttpSettings.defaults();
        private ResiliencePolicy resilience = ResiliencePolicy.defaults();
        private KmsKeyProvider kmsKeyProvider;
        private AuditSink auditSink = AuditSink.noop();
        private CacheSettings cache = CacheSettings.defaults();
        private JobStore jobStore;
        private String userAgentSuffix;
        private CallObserver observer = CallObserver.NOOP;
        private Mode mode = Mode.AWS;

        private Builder() {
        }

        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** A region id such as {@code eu-central-1}. */
        public Builder region(String region) {
            if (region == null || !region.matches("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}")) {
                throw new TraeValidationException("region", "must be an AWS region id such as eu-central-1, was " + region);
            }
            this.region = Region.of(region);
            return this;
        }

        public Builder credentials(TraeCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Sends calls for {@code service} to {@code endpoint} instead of the AWS default. */
        public Builder endpoint(String service, URI endpoint) {
            TraeCredentials.requireText("service", service);
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || endpoint.getHost() == null) {
                throw new TraeValidationException("endpoint", "must be an absolute http(s) URI with a host, was " + endpoint);
            }
            endpoints.put(service, endpoint);
            return this;
        }

        public Builder clearEndpoints() {
            endpoints.clear();
            return this;
        }

        public Builder http(HttpSettings http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        public Builder resilience(ResiliencePolicy resilience) {
            this.resilience = Objects.requireNonNull(resilience, "resilience");
            return this;
        }

        public Builder kmsKeyProvider(KmsKeyProvider provider) {
            this.kmsKeyProvider = provider;
            return this;
        }

        public Builder auditSink(AuditSink sink) {
            this.auditSink = Objects.requireNonNull(sink, "auditSink");
            return this;
        }

        public Builder cache(CacheSettings cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** Where jobs keep checkpoints for resume; in memory when not set. */
        public Builder jobStore(JobStore store) {
            this.jobStore = Objects.requireNonNull(store, "jobStore");
            return this;
        }

        /** Appended to the User-Agent of every call, such as {@code "fuel-assistant/2.1"}. */
        /**
         * The observation hook of every AWS call made with this config (metrics, traces). The Spring Boot
         * starter sets one bound to Micrometer; the default records nothing.
         */
        public Builder observer(CallObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        public Builder userAgentSuffix(String suffix) {
            if (suffix != null && !suffix.matches("[\\w./:+-]{1,64}( [\\w./:+-]{1,64}){0,3}")) {
                throw new TraeValidationException("userAgentSuffix", "must be up to four space-separated tokens of [A-Za-z0-9_./:+-]");
            }
            this.userAgentSuffix = suffix;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Builds the config. In {@link Mode#AWS} a plain {@code http://} endpoint is refused here,
         * before any client exists.
         */
        public TraeConfig build() {
            if (mode == Mode.AWS) {
                endpoints.forEach((service, uri) -> {
                    if (!"https".equalsIgnoreCase(uri.getScheme())) {
                        throw new TraeValidationException("endpoint", "plain HTTP endpoint " + uri + " for " + service
                                + " is refused in AWS mode: use https, or mode(Mode.LOCAL) for Trae Local and tests");
                    }
                });
            }
            if (jobStore == null) {
                jobStore = JobStore.inMemory();
            }
            return new TraeConfig(this);
        }
    }
}
