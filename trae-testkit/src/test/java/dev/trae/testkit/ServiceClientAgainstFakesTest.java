package dev.trae.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.ResiliencePolicy;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeMalformedResponseException;
import dev.trae.aws.core.TraeQuotaExceededException;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsRequest;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The typed service wiring ({@link Services}, {@link ServiceClient}) and the retry classification of core,
 * with a real AWS SDK client against Trae Local.
 */
@ExtendWith(TraeLocalExtension.class)
class ServiceClientAgainstFakesTest {
    private static final DetectLabelsRequest REQUEST = DetectLabelsRequest.builder()
            .image(Image.builder().bytes(SdkBytes.fromByteArray(new byte[] {1, 2, 3})).build()).build();

    private static FakeAwsServer labels(TraeLocal local) {
        FakeAwsServer server = local.server("rekognition");
        server.json("DetectLabels", req -> FakeResponse.json(Map.of(
                "Labels", List.of(Map.of("Name", "Fuel Pump", "Confidence", 97.5)), "LabelModelVersion", "3.0")));
        return server;
    }

    private static TraeConfig fast(TraeLocal local, List<String> events) {
        return local.configBuilder()
                .resilience(ResiliencePolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(2))
                        .maxBackoff(Duration.ofMillis(5)).build())
                .observer((service, operation) -> new CallObservation() {
                    @Override
                    public void tag(String key, String value) {
                        events.add(key + "=" + value);
                    }

                    @Override
                    public void highCardinalityTag(String key, String value) {
                        events.add("hc:" + key);
                    }

                    @Override
                    public void stop(Throwable error) {
                        events.add("stop:" + (error == null ? "ok" : error.getClass().getSimpleName()));
                    }
                }).build();
    }

    @Test
    void call_whenThrottledOnce_retriesAndRecordsOneObservation(TraeLocal local) {
        FakeAwsServer server = labels(local);
        server.faults().next("DetectLabels", 1, Fault.throttle());
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (ServiceClient<RekognitionClient> rek = AwsClients.of(fast(local, events)).service(Services.REKOGNITION, RekognitionClient::builder)) {
            assertThat(rek.call("DetectLabels", c -> c.detectLabels(REQUEST)).labels()).hasSize(1);
        }
        assertThat(server.count("DetectLabels")).isEqualTo(2);
        assertThat(events).contains("aws.service=rekognition", "aws.operation=DetectLabels", "attempts=2", "throttled=true",
                "outcome=success", "hc:aws.request_id", "stop:ok");
        assertThat(events.stream().filter(e -> e.startsWith("stop:"))).hasSize(1);
    }

    @Test
    void call_whenQuotaExceeded_isNotRetriedAndNamesTheQuota(TraeLocal local) {
        // LimitExceededException is a quota, not a rate: it was retried as throttling before (4 requests)
        FakeAwsServer server = labels(local);
        server.faults().always("DetectLabels", Fault.status(400, "LimitExceededException"));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (ServiceClient<RekognitionClient> rek = AwsClients.of(fast(local, events)).service(Services.REKOGNITION, RekognitionClient::builder)) {
            assertThatThrownBy(() -> rek.call("DetectLabels", c -> c.detectLabels(REQUEST)))
                    .isInstanceOfSatisfying(TraeQuotaExceededException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.throttled()).isFalse();
                        assertThat(e.quota()).contains("injected fault");
                        assertThat(e.getMessage()).contains("quota").contains("Service Quotas");
                    });
        }
        assertThat(server.count("DetectLabels")).isEqualTo(1);
        assertThat(events).contains("outcome=client_error", "error.code=LimitExceededException", "attempts=1");
    }

    @Test
    void call_whenSuccessBodyIsTruncated_isNotRepeatedUnlessIdempotent(TraeLocal local) {
        // a 2xx the SDK cannot parse was a "network error" retried four times, repeating the side effect
        FakeAwsServer server = labels(local);
        server.faults().next("DetectLabels", 1, Fault.afterCommitMalformed());
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (ServiceClient<RekognitionClient> rek = AwsClients.of(fast(local, events)).service(Services.REKOGNITION, RekognitionClient::builder)) {
            assertThatThrownBy(() -> rek.call("DetectLabels", c -> c.detectLabels(REQUEST)))
                    .isInstanceOfSatisfying(TraeMalformedResponseException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.errorCode()).hasValue("MalformedResponse");
                        assertThat(e.getMessage()).contains("may have taken effect");
                    });
            assertThat(server.count("DetectLabels")).isEqualTo(1);

            server.faults().next("DetectLabels", 1, Fault.afterCommitMalformed());
            assertThat(rek.call("DetectLabels", Idempotency.IDEMPOTENT, c -> c.detectLabels(REQUEST)).labels()).hasSize(1);
            assertThat(server.count("DetectLabels")).isEqualTo(3);
        }
    }

    @Test
    void call_whenNonIdempotentAndReplyLostAfterCommit_isNotRepeated(TraeLocal local) {
        FakeAwsServer server = labels(local);
        server.faults().next("DetectLabels", 1, Fault.afterCommit());
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (ServiceClient<RekognitionClient> rek = AwsClients.of(fast(local, events)).service(Services.REKOGNITION, RekognitionClient::builder)) {
            assertThatThrownBy(() -> rek.call("DetectLabels", Idempotency.NON_IDEMPOTENT, c -> c.detectLabels(REQUEST)))
                    .isInstanceOf(dev.trae.aws.core.TraeClientException.class);
            assertThat(server.count("DetectLabels")).isEqualTo(1);
            // a throttle proves the request was not acted on: retried even when non-idempotent
            server.faults().next("DetectLabels", 1, Fault.throttle());
            assertThat(rek.call("DetectLabels", Idempotency.NON_IDEMPOTENT, c -> c.detectLabels(REQUEST)).labels()).hasSize(1);
            assertThat(server.count("DetectLabels")).isEqualTo(3);
        }
    }

    @Test
    void withRateLimit_mergesIntoTheSharedLimiterOfTheConfig(TraeLocal local) {
        TraeConfig config = local.configBuilder().resilience(ResiliencePolicy.builder().rateLimit("rekognition", 50).build()).build();
        TraeConfig perClient = config.toBuilder().userAgentSuffix("other").build();
        try (ServiceClient<RekognitionClient> a = AwsClients.of(config).service(Services.REKOGNITION, RekognitionClient::builder);
             ServiceClient<RekognitionClient> b = AwsClients.of(perClient).service(Services.REKOGNITION, RekognitionClient::builder)) {
            assertThat(a.resilience()).isSameAs(b.resilience());
            b.withRateLimit(5);
            assertThat(Resilience.of(config).effectiveRate("rekognition")).isEqualTo(5.0);
            a.withRateLimit(20); // the stricter rate stays
            assertThat(Resilience.of(config).effectiveRate("rekognition")).isEqualTo(5.0);
            assertThat(Resilience.of(config).circuitBreaker("rekognition")).isSameAs(b.resilience().circuitBreaker("rekognition"));
        }
    }

    @Test
    void service_s3OnTraeLocal_getsThePathStyleSettingsOfItsRegistryEntry(TraeLocal local) {
        local.s3();
        try (ServiceClient<S3Client> s3 = AwsClients.of(local.config()).service(Services.S3, S3Client::builder)) {
            s3.run("CreateBucket", c -> c.createBucket(r -> r.bucket("typed-wiring")));
            s3.run("PutObject", c -> c.putObject(r -> r.bucket("typed-wiring").key("a.txt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("hello")));
            assertThat(s3.call("GetObject", Idempotency.IDEMPOTENT, c -> c.getObjectAsBytes(r -> r.bucket("typed-wiring").key("a.txt")))
                    .asUtf8String()).isEqualTo("hello");
        }
    }
}
