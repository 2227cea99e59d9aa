package dev.trae.aws.core;

import dev.trae.aws.core.spi.Resilience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class ResilienceTest {

    private static ResiliencePolicy.Builder fast() {
        return ResiliencePolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5));
    }

    private static AwsServiceException aws(int status, String code) {
        return (AwsServiceException) AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @Test
    void call_retriesRetryableUntilSuccess() {
        Resilience r = Resilience.of(fast().maxAttempts(4).build());
        AtomicInteger attempts = new AtomicInteger();
        String v = r.call("svc", "Op", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw aws(429, "ThrottlingException");
            }
            return "ok";
        });
        assertThat(v).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void call_doesNotRetryValidationErrors() {
        Resilience r = Resilience.of(fast().maxAttempts(4).build());
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> r.call("svc", "Op", () -> {
            attempts.incrementAndGet();
            throw aws(400, "ValidationException");
        })).isInstanceOf(TraeServiceException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void call_doesNotRetryTraeValidationException() {
        Resilience r = Resilience.of(fast().build());
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> r.call("svc", "Op", () -> {
            attempts.incrementAndGet();
            throw new TraeValidationException("x", "bad");
        })).isInstanceOf(TraeValidationException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void call_whenRetriesExhausted_throwsLastTranslatedError() {
        Resilience r = Resilience.of(fast().maxAttempts(3).build());
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> r.call("svc", "Op", () -> {
            attempts.incrementAndGet();
            throw aws(500, "InternalServerException");
        })).isInstanceOfSatisfying(TraeServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(attempts).hasValue(3);
    }

    @Test
    void callAsync_retriesFailedFuturesThenSucceeds() throws Exception {
        Resilience r = Resilience.of(fast().maxAttempts(4).build());
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> f = r.callAsync("svc", "Op", () -> attempts.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(aws(503, "ServiceUnavailableException"))
                : CompletableFuture.completedFuture("ok"));
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void callAsync_failsWithTraeException() {
        Resilience r = Resilience.of(fast().maxAttempts(2).build());
        CompletableFuture<String> f = r.callAsync("svc", "Op", () -> CompletableFuture.failedFuture(aws(400, "ValidationException")));
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TraeServiceException.class);
    }

    @Test
    void breaker_opensOnServerErrors_andIgnoresClientErrors() {
        Resilience r = Resilience.of(fast().maxAttempts(1).circuitBreaker(50f, 4, 4, Duration.ofMinutes(1)).build());
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> r.call("a", "Op", () -> {
                throw aws(400, "ValidationException");
            })).isInstanceOf(TraeServiceException.class);
        }
        assertThat(r.circuitBreaker("a").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> r.call("b", "Op", () -> {
                throw aws(502, "BadGateway");
            })).isInstanceOf(TraeServiceException.class);
        }
        assertThat(r.circuitBreaker("b").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> r.call("b", "Op", calls::incrementAndGet)).isInstanceOf(TraeClientException.class)
                .hasMessageContaining("circuit breaker");
        assertThat(calls).hasValue(0);
        // breakers are per service: "a" still works
        assertThat(r.call("a", "Op", () -> 1)).isEqualTo(1);
    }

    @Test
    void bulkhead_whenFull_rejectsWithoutCalling() throws Exception {
        Resilience r = Resilience.of(fast().maxAttempts(1).bulkhead(1, Duration.ofMillis(20)).build());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> r.call("svc", "Slow", () -> {
            inside.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }));
        t.start();
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> r.call("svc", "Fast", calls::incrementAndGet)).isInstanceOf(TraeClientException.class)
                .hasMessageContaining("too many concurrent calls");
        assertThat(calls).hasValue(0);
        release.countDown();
        t.join(5000);
    }

    @Test
    void rateLimiter_spacesPermitsEvenly() {
        Resilience r = Resilience.of(fast().rateLimit("svc", 50).build());
        long t0 = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            r.call("svc", "Op", () -> 1);
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        // 11 permits at 50/s need at least 10 intervals of 20 ms
        assertThat(elapsedMs).isGreaterThanOrEqualTo(180);
        assertThat(r.rateLimiter("svc")).isNotNull();
        assertThat(r.rateLimiter("other")).isNull();
    }

    @Test
    void rateLimiter_whenWaitTooShort_failsWithoutCalling() {
        Resilience r = Resilience.of(fast().rateLimit("svc", 1).rateLimitWait(Duration.ofMillis(10)).build());
        r.call("svc", "Op", () -> 1);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> r.call("svc", "Op", calls::incrementAndGet)).isInstanceOf(TraeClientException.class)
                .hasMessageContaining("rate limit");
        assertThat(calls).hasValue(0);
    }
}
