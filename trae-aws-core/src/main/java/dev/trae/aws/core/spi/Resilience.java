package dev.trae.aws.core.spi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeMalformedResponseException;
import dev.trae.aws.core.TraeValidationException;

import dev.trae.aws.core.ResiliencePolicy;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resilience decorators of a {@link ResiliencePolicy}, applied around one call:
 * {@code Retry ( CircuitBreaker ( RateLimiter ( Bulkhead ( call ) ) ) )}. Exceptions are translated
 * to {@link TraeException} inside the innermost layer, so every layer classifies Trae exceptions.
 *
 * <p>One runtime (breakers, limiters, bulkheads) exists per {@link ResiliencePolicy} instance, so every
 * client built from the same {@link TraeConfig} (or a {@code toBuilder()} copy that kept its policy) shares one
 * breaker and one limiter per service. A client's own TPS setting merges into that shared limiter with
 * {@link #withRateLimit(String, double)} instead of forking a private copy.
 *
 * <p>Thread-safe; get it from {@link #of(TraeConfig)} or {@link AwsClients#resilience()}. Modules use it
 * through {@link ServiceClient}, which adds observation.
 *
 * <pre>{@code
 * DetectLabelsResponse r = Resilience.of(config).call("rekognition", "DetectLabels", () -> rekognition.detectLabels(req));
 * }</pre>
 */
public final class Resilience {
    private static final Logger LOG = LoggerFactory.getLogger(Resilience.class);

    private final ResiliencePolicy policy;
    private final RetryConfig retryConfig;
    private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Retry> retries = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trae-retry-scheduler");
        t.setDaemon(true);
        return t;
    });

    /** One runtime per policy instance (identity, weakly held). */
    private static final Cache<ResiliencePolicy, Resilience> RUNTIMES = Caffeine.newBuilder().weakKeys().build();

    private final ConcurrentMap<String, Double> mergedRates = new ConcurrentHashMap<>();
    private final RetryConfig idempotentRetryConfig;
    private final RetryConfig undeliveredOnlyRetryConfig;

    /** The shared runtime of a config's resilience policy. */
    public static Resilience of(TraeConfig config) {
        return of(config.resilience());
    }

    /** The shared runtime of a policy: the same instance for the same policy object. */
    public static Resilience of(ResiliencePolicy policy) {
        return RUNTIMES.get(policy, Resilience::new);
    }

    private Resilience(ResiliencePolicy policy) {
        this.policy = policy;
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(),
                policy.backoffMultiplier(), policy.jitter(), policy.maxBackoff());
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalFunction(backoff)
                .retryOnException(Resilience::isRetryable)
                .failAfterMaxAttempts(false)
                .build();
        this.idempotentRetryConfig = RetryConfig.from(retryConfig)
                .retryOnException(e -> isRetryable(e) || e instanceof TraeMalformedResponseException)
                .build();
        this.undeliveredOnlyRetryConfig = RetryConfig.from(retryConfig)
                .retryOnException(Resilience::provablyNotDelivered)
                .build();
    }

    /**
     * Merges a client's own transactions-per-second limit for {@code service} into the shared limiter: the
     * stricter of the policy's rate and every merged rate wins, for every client of this runtime.
     */
    public Resilience withRateLimit(String service, double transactionsPerSecond) {
        if (!(transactionsPerSecond > 0) || Double.isInfinite(transactionsPerSecond)) {
            throw new TraeValidationException("transactionsPerSecond", "must be a positive finite number, was " + transactionsPerSecond);
        }
        synchronized (mergedRates) {
            Double before = effectiveRate(service);
            mergedRates.merge(service, transactionsPerSecond, Math::min);
            if (!java.util.Objects.equals(before, effectiveRate(service))) {
                limiters.remove(service); // rebuilt at the stricter rate on the next call
            }
        }
        return this;
    }

    /** The rate the shared limiter of a service enforces, or {@code null} when it is not limited. */
    public Double effectiveRate(String service) {
        Double p = policy.rateLimits().get(service);
        Double m = mergedRates.get(service);
        return p == null ? m : m == null ? p : Double.valueOf(Math.min(p, m));
    }

    /**
     * Whether a failure proves the request never reached the service: the connection was refused or the
     * host unknown, or the service answered with a throttle (it rejected the request without acting on it).
     * Non-idempotent operations (a Lex turn) are retried only on these.
     */
    public static boolean provablyNotDelivered(Throwable t) {
        if (t instanceof TraeCancelledException) {
            return false;
        }
        if (t instanceof TraeServiceException) {
            return ((TraeServiceException) t).throttled();
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException
                    || c instanceof io.github.resilience4j.ratelimiter.RequestNotPermitted) {
                return true;
            }
        }
        return false;
    }

    /** The policy these decorators implement. */
    public ResiliencePolicy policy() {
        return policy;
    }

    /** Whether the retry layer retries this exception. */
    public static boolean isRetryable(Throwable t) {
        return t instanceof TraeException && ((TraeException) t).retryable() && !(t instanceof TraeCancelledException);
    }

    /** Whether this exception counts as a failure for the circuit breaker (server-side trouble, not throttles or 4xx). */
    public static boolean countsAsFailure(Throwable t) {
        if (t instanceof TraeServiceException) {
            TraeServiceException s = (TraeServiceException) t;
            return !s.throttled() && s.statusCode() >= 500;
        }
        // network errors and attempt timeouts; rate-limit and bulkhead refusals are not retryable and not counted
        return t instanceof TraeClientException && ((TraeClientException) t).retryable();
    }

    /** Runs a synchronous call through all decorators. Throws only {@link TraeException}s. */
    public <T> T call(String service, String operation, Supplier<T> call) {
        return call(service, operation, Idempotency.DEFAULT, CallObservation.NOOP, call);
    }

    /**
     * Runs a synchronous call through all decorators, retried as {@code idempotency} allows, and records it
     * in {@code observation} (attempts, outcome, throttling, error code). Throws only {@link TraeException}s.
     */
    public <T> T call(String service, String operation, Idempotency idempotency, CallObservation observation, Supplier<T> call) {
        int[] attempts = {0};
        boolean[] throttled = {false};
        Supplier<T> translated = () -> {
            attempts[0]++;
            try {
                return call.get();
            } catch (RuntimeException e) {
                TraeException te = ErrorTranslator.translate(e, service, operation);
                if (te instanceof TraeServiceException && ((TraeServiceException) te).throttled()) {
                    throttled[0] = true;
                }
                throw te;
            }
        };
        Supplier<T> s = Bulkhead.decorateSupplier(bulkhead(service), translated);
        RateLimiter rl = limiters(service);
        if (rl != null) {
            s = RateLimiter.decorateSupplier(rl, s);
        }
        s = CircuitBreaker.decorateSupplier(breaker(service), s);
        s = Retry.decorateSupplier(retry(service, idempotency), s);
        try {
            T result = s.get();
            Observations.stop(observation, attempts[0], throttled[0], result, null);
            return result;
        } catch (RuntimeException e) {
            TraeException te = ErrorTranslator.translate(e, service, operation);
            Observations.stop(observation, attempts[0], throttled[0], null, te);
            throw te;
        }
    }

    /** Runs a call that returns nothing. */
    public void run(String service, String operation, Runnable call) {
        call(service, operation, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Runs an asynchronous call through all decorators; the supplier is invoked once per attempt. The
     * returned future fails only with {@link TraeException}s (wrapped in {@link java.util.concurrent.CompletionException}
     * by {@code join()}).
     */
    public <T> CompletableFuture<T> callAsync(String service, String operation, Supplier<? extends CompletionStage<T>> call) {
        return callAsync(service, operation, Idempotency.DEFAULT, CallObservation.NOOP, call);
    }

    /** {@link #callAsync(String, String, Supplier)}, retried as {@code idempotency} allows and observed. */
    public <T> CompletableFuture<T> callAsync(String service, String operation, Idempotency idempotency,
                                              CallObservation observation, Supplier<? extends CompletionStage<T>> call) {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean throttled = new java.util.concurrent.atomic.AtomicBoolean();
        Supplier<CompletionStage<T>> translated = () -> {
            attempts.incrementAndGet();
            CompletionStage<T> stage;
            try {
                stage = call.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(ErrorTranslator.translate(e, service, operation));
            }
            CompletableFuture<T> out = new CompletableFuture<>();
            stage.whenComplete((v, err) -> {
                if (err != null) {
                    TraeException te = ErrorTranslator.translate(err, service, operation);
                    if (te instanceof TraeServiceException && ((TraeServiceException) te).throttled()) {
                        throttled.set(true);
                    }
                    out.completeExceptionally(te);
                } else {
                    out.complete(v);
                }
            });
            return out;
        };
        Supplier<CompletionStage<T>> s = Bulkhead.decorateCompletionStage(bulkhead(service), translated);
        RateLimiter rl = limiters(service);
        if (rl != null) {
            s = RateLimiter.decorateCompletionStage(rl, s);
        }
        s = CircuitBreaker.decorateCompletionStage(breaker(service), s);
        s = Retry.decorateCompletionStage(retry(service, idempotency), SCHEDULER, s);
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletionStage<T> stage;
        try {
            stage = s.get();
        } catch (RuntimeException e) {
            TraeException te = ErrorTranslator.translate(e, service, operation);
            Observations.stop(observation, attempts.get(), throttled.get(), null, te);
            result.completeExceptionally(te);
            return result;
        }
        stage.whenComplete((v, err) -> {
            if (err != null) {
                TraeException te = ErrorTranslator.translate(err, service, operation);
                Observations.stop(observation, attempts.get(), throttled.get(), null, te);
                result.completeExceptionally(te);
            } else {
                Observations.stop(observation, attempts.get(), throttled.get(), v, null);
                result.complete(v);
            }
        });
        return result;
    }

    /** The circuit breaker of a service, for inspection (state, metrics). */
    public CircuitBreaker circuitBreaker(String service) {
        return breaker(service);
    }

    /** The rate limiter of a service, or {@code null} when the service is not rate limited. */
    public RateLimiter rateLimiter(String service) {
        return limiters(service);
    }

    private Retry retry(String service, Idempotency idempotency) {
        RetryConfig rc = idempotency == Idempotency.IDEMPOTENT ? idempotentRetryConfig
                : idempotency == Idempotency.NON_IDEMPOTENT ? undeliveredOnlyRetryConfig : retryConfig;
        return retries.computeIfAbsent(service + "#" + idempotency, k -> {
            String s = service;
            Retry r = Retry.of(s, rc);
            r.getEventPublisher().onRetry(e -> LOG.debug("retrying {} (attempt {}) after {}: {}", s,
                    e.getNumberOfRetryAttempts(), e.getWaitInterval(),
                    e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage()));
            return r;
        });
    }

    private CircuitBreaker breaker(String service) {
        return breakers.computeIfAbsent(service, s -> CircuitBreaker.of(s, CircuitBreakerConfig.custom()
                .failureRateThreshold(policy.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.slidingWindowSize())
                .minimumNumberOfCalls(policy.minimumNumberOfCalls())
                .waitDurationInOpenState(policy.openStateWait())
                .permittedNumberOfCallsInHalfOpenState(Math.max(1, Math.min(3, policy.minimumNumberOfCalls())))
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(Resilience::countsAsFailure)
                .build()));
    }

    private RateLimiter limiters(String service) {
        Double tps = effectiveRate(service);
        if (tps == null) {
            return null;
        }
        return limiters.computeIfAbsent(service, s -> {
            // Spread permits evenly: one permit per 1/tps seconds (no bursts), or batches for very high rates.
            long periodNanos = (long) (1_000_000_000L / tps);
            int perPeriod = 1;
            if (periodNanos < 1_000_000L) {
                perPeriod = (int) Math.ceil(tps / 1000.0);
                periodNanos = 1_000_000L;
            }
            return RateLimiter.of(s, RateLimiterConfig.custom()
                    .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                    .limitForPeriod(perPeriod)
                    .timeoutDuration(policy.rateLimitWait())
                    .build());
        });
    }

    private Bulkhead bulkhead(String service) {
        return bulkheads.computeIfAbsent(service, s -> Bulkhead.of(s, BulkheadConfig.custom()
                .maxConcurrentCalls(policy.maxConcurrentCalls())
                .maxWaitDuration(policy.bulkheadWait())
                .build()));
    }
}
