package dev.trae.aws.core;

import java.time.Duration;
import java.util.Objects;

/**
 * HTTP timeouts and pool size. Generative calls (Bedrock) produce output for minutes, so they get a
 * separate, longer read and API-call timeout.
 *
 * <pre>{@code
 * HttpSettings.defaults().toBuilder().readTimeout(Duration.ofSeconds(20)).build();
 * }</pre>
 */
public final class HttpSettings {
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration apiCallTimeout;
    private final Duration apiCallAttemptTimeout;
    private final Duration generativeReadTimeout;
    private final Duration generativeApiCallTimeout;
    private final int maxConnections;

    private HttpSettings(Builder b) {
        this.connectTimeout = positive("connectTimeout", b.connectTimeout);
        this.readTimeout = positive("readTimeout", b.readTimeout);
        this.apiCallTimeout = positive("apiCallTimeout", b.apiCallTimeout);
        this.apiCallAttemptTimeout = positive("apiCallAttemptTimeout", b.apiCallAttemptTimeout);
        this.generativeReadTimeout = positive("generativeReadTimeout", b.generativeReadTimeout);
        this.generativeApiCallTimeout = positive("generativeApiCallTimeout", b.generativeApiCallTimeout);
        if (b.maxConnections < 1 || b.maxConnections > 10_000) {
            throw new TraeValidationException("maxConnections", "must be between 1 and 10000, was " + b.maxConnections);
        }
        this.maxConnections = b.maxConnections;
    }

    private static Duration positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new TraeValidationException(name, "must be a positive duration, was " + d);
        }
        return d;
    }

    /** Connect 5 s, read 30 s, attempt 60 s, call 120 s; generative read 5 min, call 15 min; 50 connections. */
    public static HttpSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.apiCallTimeout = apiCallTimeout;
        b.apiCallAttemptTimeout = apiCallAttemptTimeout;
        b.generativeReadTimeout = generativeReadTimeout;
        b.generativeApiCallTimeout = generativeApiCallTimeout;
        b.maxConnections = maxConnections;
        return b;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** Limit for one whole call, all attempts of the AWS SDK included (Trae's own retries wrap this). */
    public Duration apiCallTimeout() {
        return apiCallTimeout;
    }

    /** Limit for one HTTP attempt. */
    public Duration apiCallAttemptTimeout() {
        return apiCallAttemptTimeout;
    }

    public Duration generativeReadTimeout() {
        return generativeReadTimeout;
    }

    public Duration generativeApiCallTimeout() {
        return generativeApiCallTimeout;
    }

    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HttpSettings)) {
            return false;
        }
        HttpSettings h = (HttpSettings) o;
        return connectTimeout.equals(h.connectTimeout) && readTimeout.equals(h.readTimeout)
                && apiCallTimeout.equals(h.apiCallTimeout) && apiCallAttemptTimeout.equals(h.apiCallAttemptTimeout)
                && generativeReadTimeout.equals(h.generativeReadTimeout)
                && generativeApiCallTimeout.equals(h.generativeApiCallTimeout) && maxConnections == h.maxConnections;
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectTimeout, readTimeout, apiCallTimeout, apiCallAttemptTimeout, generativeReadTimeout,
                generativeApiCallTimeout, maxConnections);
    }

    @Override
    public String toString() {
        return "HttpSettings[connect=" + connectTimeout + ", read=" + readTimeout + ", attempt=" + apiCallAttemptTimeout
                + ", call=" + apiCallTimeout + ", generativeRead=" + generativeReadTimeout + ", generativeCall="
                + generativeApiCallTimeout + ", maxConnections=" + maxConnections + "]";
    }

    /** Builder for {@link HttpSettings}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration apiCallTimeout = Duration.ofSeconds(120);
        private Duration apiCallAttemptTimeout = Duration.ofSeconds(60);
        private Duration generativeReadTimeout = Duration.ofMinutes(5);
        private Duration generativeApiCallTimeout = Duration.ofMinutes(15);
        private int maxConnections = 50;

        private Builder() {
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        public Builder apiCallTimeout(Duration d) {
            this.apiCallTimeout = d;
            return this;
        }

        public Builder apiCallAttemptTimeout(Duration d) {
            this.apiCallAttemptTimeout = d;
            return this;
        }

        public Builder generativeReadTimeout(Duration d) {
            this.generativeReadTimeout = d;
            return this;
        }

        public Builder generativeApiCallTimeout(Duration d) {
            this.generativeApiCallTimeout = d;
            return this;
        }

        public Builder maxConnections(int n) {
            this.maxConnections = n;
            return this;
        }

        public HttpSettings build() {
            return new HttpSettings(this);
        }
    }
}
