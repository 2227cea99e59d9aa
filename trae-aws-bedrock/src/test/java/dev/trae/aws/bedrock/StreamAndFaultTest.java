package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.trae.aws.bedrock.model.ContentBlock;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.ConverseResult;
import dev.trae.aws.bedrock.model.GuardrailConfig;
import dev.trae.aws.bedrock.model.StopReason;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.core.HttpSettings;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.aws.bedrockruntime.FakeReply;
import org.junit.jupiter.api.Test;

/** Faults on converse and streams: throttling before and during a stream, 5xx, timeouts, resets, cancellation, guardrails. */
class StreamAndFaultTest extends RuntimeStreamTestBase {
    StreamAndFaultTest(TraeLocal local) {
        super(local, 12);
    }

    private static ConverseRequest req(String prompt) {
        return ConverseRequest.builder().modelId(NOVA).user(prompt).build();
    }

    @Test
    void converseStream_whenThrottledBeforeFirstToken_retriesAndDeliversOnce() {
        local.server("bedrock-runtime").faults().next("ConverseStream", 2, Fault.throttle());
        fake.enqueue(FakeReply.text("exactly once, no duplicates"));
        List<String> deltas = new CopyOnWriteArrayList<>();
        TraeBedrockClient bedrock = shared;
        ConverseStreamCall call = bedrock.converseStream(req("hi"), StreamListener.text(deltas::add));
        ConverseResult r = call.await(Duration.ofSeconds(10));
        assertThat(r.text()).isEqualTo("exactly once, no duplicates");
        assertThat(call.attempts()).isEqualTo(3);
        assertThat(String.join("", deltas)).isEqualTo("exactly once, no duplicates");
        assertThat(local.server("bedrock-runtime").count("ConverseStream")).isEqualTo(3);
    }

    @Test
    void converseStream_whenInStreamExceptionBeforeFirstToken_retries() {
        local.server("bedrock-runtime").faults().next("ConverseStream", 1, Fault.midStreamError(1, "serviceUnavailableException"));
        TraeBedrockClient bedrock = shared;
        ConverseStreamCall call = bedrock.converseStream(req("tell me"), StreamListener.noop());
        assertThat(call.await(Duration.ofSeconds(10)).text()).isEqualTo("Answer to: tell me");
        assertThat(call.attempts()).isEqualTo(2);
    }

    @Test
    void converseStream_whenThrottledMidStream_failsClassifiedAndIsNotRetried() {
        fake.enqueue(FakeReply.text("a long answer that will be cut in the middle of the stream"));
        local.server("bedrock-runtime").faults().next("ConverseStream", 1, Fault.midStreamError(3, "throttlingException"));
        List<String> deltas = new CopyOnWriteArrayList<>();
        List<RuntimeException> errors = new CopyOnWriteArrayList<>();
        TraeBedrockClient bedrock = shared;
        ConverseStreamCall call = bedrock.converseStream(req("hi"), new StreamListener() {
            @Override
            public void onText(String d) {
                deltas.add(d);
            }

            @Override
            public void onError(RuntimeException e) {
                errors.add(e);
            }
        });
        assertThatThrownBy(() -> call.await(Duration.ofSeconds(10))).isInstanceOfSatisfying(TraeServiceException.class, e -> {
            assertThat(e.throttled()).isTrue();
            assertThat(e.errorCode()).hasValueSatisfying(c -> assertThat(c).containsIgnoringCase("throttlingException"));
        });
        assertThat(call.attempts()).isEqualTo(1);
        assertThat(deltas).containsExactly("a long answe", "r that will ");
        assertThat(errors).hasSize(1);
        assertThat(local.server("bedrock-runtime").count("ConverseStream")).isEqualTo(1);
    }

    @Test
    void converseStream_whenModelStreamErrorMidStream_isClassifiedRetryableButNotRepeated() {
        fake.enqueue(FakeReply.text("first part and then more and more text"));
        local.server("bedrock-runtime").faults().next("ConverseStream", 1, Fault.midStreamError(2, "modelStreamErrorException"));
        TraeBedrockClient bedrock = shared;
        ConverseStreamCall call = bedrock.converseStream(req("hi"), StreamListener.noop());
        assertThatThrownBy(() -> call.await(Duration.ofSeconds(10))).isInstanceOfSatisfying(TraeServiceException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.throttled()).isFalse();
        });
        assertThat(call.attempts()).isEqualTo(1);
    }

    @Test
    void converseStream_whenValidationExceptionInStream_isNotRetryable() {
        local.server("bedrock-runtime").faults().next("ConverseStream", 1, Fault.midStreamError(1, "validationException"));
        TraeBedrockClient bedrock = shared;
        ConverseStreamCall call = bedrock.converseStream(req("hi"), StreamListener.noop());
        assertThatThrownBy(() -> call.await(Duration.ofSeconds(10))).isInstanceOfSatisfying(TraeServiceException.class,
                e -> assertThat(e.retryable()).isFalse());
        assertThat(call.attempts()).isEqualTo(1);
    }

    @Test
    void converseStream_withToolUse_streamsToolDeltasAndAssemblesCall() {
        fake.enqueue(FakeReply.toolUse("get_weather", Map.of("city", "Kharkiv", "unit", "celsius")));
        List<String> partial = new CopyOnWriteArrayList<>();
        List<ContentBlock.ToolCall> calls = new CopyOnWriteArrayList<>();
        TraeBedrockClient bedrock = shared;
        ConverseResult r = bedrock.converseStream(req("weather"), new StreamListener() {
            @Override
            public void onToolUseDelta(String id, String json) {
                partial.add(json);
            }

            @Override
            public void onToolUse(ContentBlock.ToolCall call) {
                calls.add(call);
            }
        }).await(Duration.ofSeconds(10));
        assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(r.toolCalls()).hasSize(1);
        assertThat(partial).hasSize(2);
        assertThat(calls.get(0).input().path("city").asText()).isEqualTo("Kharkiv");
    }

    @Test
    void converseStream_whenCancelled_failsWithCancelled() {
        fake.streaming(4, Duration.ofMillis(50));
        fake.enqueue(FakeReply.text("x".repeat(400)));
        List<String> deltas = new CopyOnWriteArrayList<>();
        TraeBedrockClient bedrock = shared;
        ConverseStreamCall call = bedrock.converseStream(req("long"), StreamListener.text(deltas::add));
        long deadline = System.currentTimeMillis() + 5000;
        while (deltas.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(call.cancel()).isTrue();
        assertThatThrownBy(() -> call.await(Duration.ofSeconds(5))).isInstanceOf(TraeCancelledException.class);
        int seen = deltas.size();
        assertThat(seen).isLessThan(100);
    }

    @Test
    void converseStream_withGuardrail_reportsTypedAssessmentInStream() {
        TraeBedrockClient bedrock = shared;
        ConverseResult r = bedrock.converseStream(ConverseRequest.builder().modelId(NOVA).user("explain forbidden-topic")
                .guardrail(GuardrailConfig.of("gr1abc", "1")).build(), StreamListener.noop()).await(Duration.ofSeconds(10));
        assertThat(r.guardrailIntervened()).isTrue();
        assertThat(r.guardrail().orElseThrow().input().get(0).topics().get(0).action()).isEqualTo("BLOCKED");
        assertThat(local.server("bedrock-runtime").requests("ConverseStream").get(0).json().path("guardrailConfig")
                .path("streamProcessingMode").asText()).isEqualTo("sync");
    }

    @Test
    void converse_whenThrottledThenOk_retriesWithoutDuplicateBooking() {
        local.server("bedrock-runtime").faults().next("Converse", 2, Fault.throttle());
        try (TraeBedrockClient bedrock = TraeBedrockClient.create(local.config())) {
            ConverseResult r = bedrock.converse(req("hello"));
            assertThat(r.text()).isEqualTo("Answer to: hello");
            assertThat(bedrock.ledger().entries()).hasSize(1);
        }
        assertThat(local.server("bedrock-runtime").count("Converse")).isEqualTo(3);
    }

    @Test
    void converse_when5xxPersists_failsRetryableAfterPolicyAttempts() {
        local.server("bedrock-runtime").faults().always("Converse", Fault.status(503, "ServiceUnavailableException"));
        try (TraeBedrockClient bedrock = TraeBedrockClient.create(local.config())) {
            assertThatThrownBy(() -> bedrock.converse(req("hello"))).isInstanceOfSatisfying(TraeServiceException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.retryable()).isTrue();
            });
            assertThat(bedrock.ledger().entries()).isEmpty();
        }
        assertThat(local.server("bedrock-runtime").count("Converse")).isEqualTo(local.config().resilience().maxAttempts());
    }

    @Test
    void converse_whenConnectionReset_retriesAndSucceeds() {
        local.server("bedrock-runtime").faults().next("Converse", 1, Fault.reset());
        try (TraeBedrockClient bedrock = TraeBedrockClient.create(local.config())) {
            assertThat(bedrock.converse(req("after reset")).text()).isEqualTo("Answer to: after reset");
        }
    }

    @Test
    void converse_whenServiceTooSlow_timesOut() {
        local.server("bedrock-runtime").faults().always("Converse", Fault.latency(Duration.ofMillis(1500)));
        TraeConfig slow = local.configBuilder().http(HttpSettings.builder().generativeReadTimeout(Duration.ofMillis(300))
                .generativeApiCallTimeout(Duration.ofMillis(500)).build())
                .resilience(local.config().resilience().toBuilder().maxAttempts(1).build()).build();
        try (TraeBedrockClient bedrock = TraeBedrockClient.create(slow)) {
            assertThatThrownBy(() -> bedrock.converse(req("slow"))).isInstanceOf(TraeTimeoutException.class);
        }
    }
}
