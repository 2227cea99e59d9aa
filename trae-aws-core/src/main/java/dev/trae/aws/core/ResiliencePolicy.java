package dev.trae.aws.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable settings for the resilience decorators that wrap every AWS call made through the SDK.
 *
 * <p>The decorators apply in this order, outermost first (the resilience4j recommended order):
 * <pre>
 *   Retry ( CircuitBreaker ( RateLimiter ( Bulkhead ( call ) ) ) )
 * </pre>
 * <ul>
 *   <li><b>Retry</b>: exponential backoff with jitter. Throttling, HTTP 5xx, timeouts of one attempt
 *       and connection errors are retried; 4xx validation and authorization errors are not.</li>
 *   <li><b>CircuitBreaker</b>, per service: opens when the share of server-side failures (5xx,
 *       timeouts, connection errors) in the sliding window passes the threshold; throttles and
 *       client errors do not count. While open, calls fail at once without a request.</li>
 *   <li><b>RateLimiter</b>, per service: each attempt, retries included, takes one permit, so the
 *       SDK never sends more than the configured transactions per second.</li>
 *   <li><b>Bulkhead</b>, per service: at most N calls in flight.</li>
 * </ul>
 * The AWS SDK's own retries are switched off, so a call is never retried by two layers.
 *
 * <pre>{@code
 * ResiliencePolicy.builder()
 *         .maxAttempts(5)
 *         .rateLimit("rekognition", 20)   // match the account's TPS quota
 *         .build();
 * }</pre>
 */
public final class ResiliencePolicy {
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double backoffMultiplier;
    private final double jitter;
    private final Map<String, Double> rateLimits;
    private final Duration rateLimitWait;
    private final float failureRateThreshold;
    private final int slidingWindowSize;
    private final int minimumNumberOfCalls;
    private final Duration openStateWait;
    private final int maxConcurrentCalls;
    private final Duration bulkheadWait;

    private ResiliencePolicy(Builder b) {
        if (b.maxAttempts < 1 || b.maxAttempts > 20) {
            throw new TraeValidationException("maxAttempts", "must be between 1 and 20, was " + b.maxAttempts);
        }
        positive("initialBackoff", b.initialBackoff);
        positive("maxBackoff", b.maxBackoff);
        if (b.maxBackoff.compareTo(b.initialBackoff) < 0) {
            throw new TraeValidationException("maxBackoff", "must not be shorter than initialBackoff");
        }
        if (b.backoffMultiplier < 1.0) {
            throw new TraeValidationException("backoffMultiplier", "must be at least 1.0, was " + b.backoffMultiplier);
        }
        if (b.jitter < 0 || b.jitter >= 1) {
            throw new TraeValidationException("jitter", "must be in [0, 1), was " + b.jitter);
        }
        if (b.failureRateThreshold <= 0 || b.failureRateThreshold > 100) {
            throw new TraeValidationException("failureRateThreshold", "must be in (0, 100], was " + b.failureRateThreshold);
        }
        if (b.slidingWindowSize < 1 || b.minimumNumberOfCalls < 1) {
            throw new TraeValidationException("slidingWindowSize", "window and minimum calls must be at least 1");
        }
        if (b.maxConcurrentCalls < 1) {
            throw new TraeValidationException("maxConcurrentCalls", "must be at least 1, was " + b.maxConcurrentCalls);
        }
        positive("openStateWait", b.openStateWait);
        positive("rateLimitWait", b.rateLimitWait);
        positive("bulkheadWait", b.bulkheadWait);
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.backoffMultiplier = b.backoffMultiplier;
        this.jitter = b.jitter;
        this.rateLimits = Collections.unmodifiableMap(new LinkedHashMap<>(b.rateLimits));
        this.rateLimitWait = b.rateLimitWait;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.openStateWait = b.openStateWait;
        this.maxConcurrentCalls = b.maxConcurrentCalls;
        this.bulkheadWait = b.bulkheadWait;
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new TraeValidationException(name, "must be a positive duration, was " + d);
        }
    }

    /** 4 attempts, 200 ms to 20 s backoff with 50% jitter, no rate limit, breaker at 50% of 20 calls, 64 in flight. */
    public static ResiliencePolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.initialBackoff = initialBackoff;
        b.maxBackoff = maxBackoff;
        b.backoffMultiplier = backoffMultiplier;
        b.jitter = jitter;
        b.rateLimits.putAll(rateLimits);
        b.rateLimitWait = rateLimitWait;
        b.failureRateThreshold = failureRateThreshold;
        b.slidingWindowSize = slidingWindowSize;
        b.minimumNumberOfCalls = minimumNumberOfCalls;
        b.openStateWait = openStateWait;
        b.maxConcurrentCalls = maxConcurrentCalls;
        b.bulkheadWait = bulkheadWait;
        return b;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    public double jitter() {
        return jitter;
    }

    /** Transactions per second per service; a service not listed is not rate limited. */
    public Map<String, Double> rateLimits() {
        return rateLimits;
    }

    public Duration rateLimitWait() {
        return rateLimitWait;
    }

    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    public Duration openStateWait() {
        return openStateWait;
    }

    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    public Duration bulkheadWait() {
        return bulkheadWait;
    }

    @Override
    public String toString() {
        return "ResiliencePolicy[maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff
                + " x" + backoffMultiplier + " jitter " + jitter + ", rateLimits=" + rateLimits + ", breaker="
                + failureRateThreshold + "% of " + slidingWindowSize + " (min " + minimumNumberOfCalls + "), open "
                + openStateWait + ", bulkhead=" + maxConcurrentCalls + "]";
    }

    /** Builder for {@link ResiliencePolicy}. */
    public static final class Builder {
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(20);
        private double backoffMultiplier = 2.0;
        private double jitter = 0.5;
        private final Map<String, Double> rateLimits = new LinkedHashMap<>();
        private Duration rateLimitWait = Duration.ofSeconds(60);
        private float failureRateThreshold = 50f;
        private int slidingWindowSize = 20;
        private int minimumNumberOfCalls = 10;
        private Duration openStateWait = Duration.ofSeconds(30);
        private int maxConcurrentCalls = 64;
        private Duration bulkheadWait = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Attempts in all, the first included; 1 means no retry. */
        public Builder maxAttempts(int n) {
            this.maxAttempts = n;
            return this;
        }

        public Builder initialBackoff(Duration d) {
            this.initialBackoff = d;
            return this;
        }

        public Builder maxBackoff(Duration d) {
            this.maxBackoff = d;
            return this;
        }

        public Builder backoffMultiplier(double m) {
            this.backoffMultiplier = m;
            return this;
        }

        /** Randomisation factor of each backoff, in [0, 1). */
        public Builder jitter(double j) {
            this.jitter = j;
            return this;
        }

        /** Limits a service (config name, such as "rekognition") to the given transactions per second. */
        public Builder rateLimit(String service, double transactionsPerSecond) {
            TraeCredentials.requireText("service", service);
            if (!(transactionsPerSecond > 0) || transactionsPerSecond > 100_000) {
                throw new TraeValidationException("transactionsPerSecond", "must be in (0, 100000], was " + transactionsPerSecond);
            }
            rateLimits.put(service, transactionsPerSecond);
            return this;
        }

        /** How long a call may wait for a rate-limit permit before it fails. */
        public Builder rateLimitWait(Duration d) {
            this.rateLimitWait = d;
            return this;
        }

        public Builder circuitBreaker(float failureRatePercent, int slidingWindowSize, int minimumNumberOfCalls, Duration openStateWait) {
            this.failureRateThreshold = failureRatePercent;
            this.slidingWindowSize = slidingWindowSize;
            this.minimumNumberOfCalls = minimumNumberOfCalls;
            this.openStateWait = openStateWait;
            return this;
        }

        public Builder bulkhead(int maxConcurrentCalls, Duration maxWait) {
            this.maxConcurrentCalls = maxConcurrentCalls;
            this.bulkheadWait = maxWait;
            return this;
        }

        public ResiliencePolicy build() {
            return new ResiliencePolicy(this);
        }
    }
}
