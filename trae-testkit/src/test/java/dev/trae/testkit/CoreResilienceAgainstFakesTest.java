package dev.trae.testkit;

import dev.trae.aws.core.spi.Resilience;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.Fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.HttpSettings;
import dev.trae.aws.core.ResiliencePolicy;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsRequest;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Core's resilience and error translation, proven with a real AWS SDK client (Rekognition, AWS JSON 1.1)
 * against a Trae Local fake with injected faults.
 */
@ExtendWith(TraeLocalExtension.class)
class CoreResilienceAgainstFakesTest {

    private static final DetectLabelsRequest REQUEST = DetectLabelsRequest.builder()
            .image(Image.builder().bytes(SdkBytes.fromByteArray(new byte[] {1, 2, 3})).build()).maxLabels(5).build();

    private static FakeAwsServer labels(TraeLocal local) {
        FakeAwsServer server = local.server("rekognition");
        server.json("DetectLabels", req -> FakeResponse.json(Map.of(
                "Labels", List.of(Map.of("Name", "Fuel Pump", "Confidence", 97.5)), "LabelModelVersion", "3.0")));
        return server;
    }

    private static DetectLabelsResponse call(TraeConfig config, RekognitionClient client) {
        return AwsClients.of(config).resilience().call("rekognition", "DetectLabels", () -> client.detectLabels(REQUEST));
    }

    @Test
    void call_whenThrottledTwice_retriesAndSucceeds(TraeLocal local) {
        FakeAwsServer server = labels(local);
        server.faults().next("DetectLabels", 2, Fault.throttle());
        TraeConfig config = local.config();
        try (RekognitionClient client = AwsClients.of(config).sync("rekognition", RekognitionClient::builder)) {
            DetectLabelsResponse r = call(config, client);
            assertThat(r.labels()).extracting(l -> l.name()).containsExactly("Fuel Pump");
        }
        assertThat(server.count("DetectLabels")).isEqualTo(3);
        assertThat(server.requests("DetectLabels").get(0).header("X-Amz-Target")).hasValue("RekognitionService.DetectLabels");
        assertThat(server.requests("DetectLabels").get(0).header("User-Agent").orElse("")).contains("trae-sdk/").contains("trae-local");
    }

    @Test
    void call_when5xxPersists_givesUpAfterMaxAttemptsWithTypedError(TraeLocal local) {
        FakeAwsServer server = labels(local);
        server.faults().always("DetectLabels", Fault.status(503, "ServiceUnavailableException"));
        TraeConfig config = local.configBuilder().resilience(ResiliencePolicy.builder().maxAttempts(3)
                .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build()).build();
        try (RekognitionClient client = AwsClients.of(config).sync("rekognition", RekognitionClient::builder)) {
            assertThatThrownBy(() -> call(config, client))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.errorCode()).hasValue("ServiceUnavailableException");
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.throttled()).isFalse();
                        assertThat(e.requestId()).isPresent();
                        assertThat(e.getCause()).isNotNull();
                    });
        }
        assertThat(server.count("DetectLabels")).isEqualTo(3);
    }

    @Test
    void call_whenValidationError_doesNotRetry(TraeLocal local) {
        FakeAwsServer server = labels(local);
        server.faults().always("DetectLabels", Fault.status(400, "InvalidParameterException"));
        TraeConfig config = local.config();
        try (RekognitionClient client = AwsClients.of(config).sync("rekognition", RekognitionClient::builder)) {
            assertThatThrownBy(() -> call(config, client)).isInstanceOfSatisfying(TraeServiceException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("InvalidParameterException").contains("rekognition.DetectLabels");
            });
        }
        assertThat(server.count("DetectLabels")).isEqualTo(1);
    }

    @Test
    void call_whenConnectionReset_retriesOnANewConnection(TraeLocal local) {
        FakeAwsServer server = labels(local);
        server.faults().next("DetectLabels", 1, Fault.reset());
        TraeConfig config = local.config();
        try (RekognitionClient client = AwsClients.of(config).sync("rekognition", RekognitionClient::builder)) {
            assertThat(call(config, client).labels()).hasSize(1);
        }
        assertThat(server.count("DetectLabels")).isEqualTo(2);
    }

    @Test
    void lostResponse_handlerRanButClientSawAConnectionError(TraeLocal local) {
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        FakeAwsServer server = local.server("rekognition");
        server.json("DetectLabels", req -> {
            handled.incrementAndGet();
            return FakeResponse.json(Map.of("Labels", List.of()));
        });
        server.faults().next("DetectLabels", 1, Fault.lostResponse());
        TraeConfig config = local.config();
        try (RekognitionClient client = AwsClients.of(config).sync("rekognition", RekognitionClient::builder)) {
            assertThat(call(config, client).labels()).isEmpty();
        }
        // the first attempt was handled (state changed) but its answer lost; the retry was handled again
        assertThat(handled).hasValue(2);
        assertThat(server.count("DetectLabels")).isEqualTo(2);
    }

    @Test
    void call_whenResponseIsSlowerThanAttemptTimeout_timesOutAndRetries(TraeLocal local) {
        FakeAwsServer server = labels(local);
        server.faults().next("DetectLabels", 1, Fault.latency(Duration.ofMillis(1500)));
        TraeConfig config = local.configBuilder().http(HttpSettings.builder().apiCallAttemptTimeout(Duration.ofMillis(300))
                .readTimeout(Duration.ofSeconds(5)).build()).build();
        try (RekognitionClient client = AwsClients.of(config).sync("rekognition", RekognitionClient::builder)) {
            long t0 = System.nanoTime();
            assertThat(call(config, client).labels()).hasSize(1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1400));
        }
        assertThat(server.count("DetectLabels")).isEqualTo(2);
    }

    @Test
    void call_whenEveryAttemptTimesOut_throwsTimeoutException(TraeLocal local) {
        FakeAwsServer server = labels(local);
        server.faults().always("DetectLabels", Fault.latency(Duration.ofMillis(800)));
        TraeConfig config = local.configBuilder()
                .http(HttpSettings.builder().apiCallAttemptTimeout(Duration.ofMillis(200)).build())
                .resilience(ResiliencePolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(5))
                        .maxBackoff(Duration.ofMillis(10)).build()).build();
        try (RekognitionClient client = AwsClients.of(config).sync("rekognition", RekognitionClient::builder)) {
            assertThatThrownBy(() -> call(config, client)).isInstanceOf(TraeTimeoutException.class)
                    .hasMessageContaining("rekognition.DetectLabels");
        }
    }

    @Test
    void call_whenServerKeepsFailing_opensCircuitAndStopsSendingRequests(TraeLocal local) {
        FakeAwsServer server = labels(local);
        server.faults().always("DetectLabels", Fault.status(500, "InternalServerError"));
        TraeConfig config = local.configBuilder().resilience(ResiliencePolicy.builder().maxAttempts(1)
                .circuitBreaker(50f, 4, 4, Duration.ofMinutes(5)).build()).build();
        try (RekognitionClient client = AwsClients.of(config).sync("rekognition", RekognitionClient::builder)) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> call(config, client)).isInstanceOf(TraeServiceException.class);
            }
            assertThat(Resilience.of(config.resilience()).circuitBreaker("rekognition").getState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThatThrownBy(() -> call(config, client)).isInstanceOf(TraeClientException.class)
                    .hasMessageContaining("circuit breaker for rekognition is open").hasMessageContaining("no request was sent");
        }
        assertThat(server.count("DetectLabels")).isEqualTo(4);
    }

    @Test
    void call_whenThrottledRepeatedly_doesNotOpenCircuit(TraeLocal local) {
        FakeAwsServer server = labels(local);
        server.faults().always("DetectLabels", Fault.throttle());
        TraeConfig config = local.configBuilder().resilience(ResiliencePolicy.builder().maxAttempts(1)
                .circuitBreaker(50f, 4, 4, Duration.ofMinutes(5)).build()).build();
        try (RekognitionClient client = AwsClients.of(config).sync("rekognition", RekognitionClient::builder)) {
            for (int i = 0; i < 6; i++) {
                assertThatThrownBy(() -> call(config, client)).isInstanceOfSatisfying(TraeServiceException.class,
                        e -> assertThat(e.throttled()).isTrue());
            }
        }
        assertThat(Resilience.of(config.resilience()).circuitBreaker("rekognition").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(server.count("DetectLabels")).isEqualTo(6);
    }

    @Test
    void call_withRateLimit_neverExceedsConfiguredRate(TraeLocal local) {
        FakeAwsServer server = labels(local);
        TraeConfig config = local.configBuilder().resilience(ResiliencePolicy.builder().rateLimit("rekognition", 20).build()).build();
        try (RekognitionClient client = AwsClients.of(config).sync("rekognition", RekognitionClient::builder)) {
            for (int i = 0; i < 12; i++) {
                call(config, client);
            }
        }
        List<FakeRequest> reqs = server.requests("DetectLabels");
        assertThat(reqs).hasSize(12);
        // 12 permits at one per 50 ms: the first and the last are at least 11 intervals apart (minus clock slack)
        Duration span = Duration.between(reqs.get(0).received(), reqs.get(11).received());
        assertThat(span).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void unknownOperation_isTranslatedToNotFoundServiceError(TraeLocal local) {
        local.server("rekognition");
        TraeConfig config = local.config();
        try (RekognitionClient client = AwsClients.of(config).sync("rekognition", RekognitionClient::builder)) {
            assertThatThrownBy(() -> AwsClients.of(config).resilience().call("rekognition", "DetectFaces",
                    () -> client.detectFaces(b -> b.image(REQUEST.image()))))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        }
    }
}
