package dev.trae.aws.core;

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
 * <p>Thread-safe; get it from {@link ResiliencePolicy#runtime()} or {@link AwsClients#resilience()}.
 *
 * <pre>{@code
 * DetectLabelsResponse r = clients.resilience().call("rekognition", "DetectLabels", () -> rekognition.detectLabels(req));
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

    Resilience(ResiliencePolicy policy) {
        this.policy = policy;
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(),
                policy.backoffMultiplier(), policy.jitter(), policy.maxBackoff());
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalFunction(backoff)
                .retryOnException(Resilience::isRetryable)
                .failAfterMaxAttempts(false)
                .build();
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
    static boolean countsAsFailure(Throwable t) {
        if (t instanceof TraeServiceException) {
            TraeServiceException s = (TraeServiceException) t;
            return !s.throttled() && s.statusCode() >= 500;
        }
        // network errors and attempt timeouts; rate-limit and bulkhead refusals are not retryable and not counted
        return t instanceof TraeClientException && ((TraeClientException) t).retryable();
    }

    /** Runs a synchronous call through all decorators. Throws only {@link TraeException}s. */
    public <T> T call(String service, String operation, Supplier<T> call) {
        Supplier<T> translated = () -> {
            try {
                return call.get();
            } catch (RuntimeException e) {
                throw ErrorTranslator.translate(e, service, operation);
            }
        };
        Supplier<T> s = Bulkhead.decorateSupplier(bulkhead(service), translated);
        RateLimiter rl = limiters(service);
        if (rl != null) {
            s = RateLimiter.decorateSupplier(rl, s);
        }
        s = CircuitBreaker.decorateSupplier(breaker(service), s);
        s = Retry.decorateSupplier(retry(service, operation), s);
        try {
            return s.get();
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate(e, service, operation);
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
        Supplier<CompletionStage<T>> translated = () -> {
            CompletionStage<T> stage;
            try {
                stage = call.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(ErrorTranslator.translate(e, service, operation));
            }
            CompletableFuture<T> out = new CompletableFuture<>();
            stage.whenComplete((v, err) -> {
                if (err != null) {
                    out.completeExceptionally(ErrorTranslator.translate(err, service, operation));
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
        s = Retry.decorateCompletionStage(retry(service, operation), SCHEDULER, s);
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletionStage<T> stage;
        try {
            stage = s.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(ErrorTranslator.translate(e, service, operation));
            return result;
        }
        stage.whenComplete((v, err) -> {
            if (err != null) {
                result.completeExceptionally(ErrorTranslator.translate(err, service, operation));
            } else {
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

    private Retry retry(String service, String operation) {
        return retries.computeIfAbsent(service, s -> {
            Retry r = Retry.of(s, retryConfig);
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
        Double tps = policy.rateLimits().get(service);
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
