package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.model.InvokeStreamResult;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import dev.trae.testkit.aws.bedrockruntime.FakeReply;
import org.junit.jupiter.api.Test;

/** InvokeModelWithResponseStream against the runtime fake's real event stream: chunks, usage, retries, mid-stream errors, cancel. */
class InvokeStreamTest extends RuntimeStreamTestBase {
    static final String CLAUDE = "anthropic.claude-haiku-4-5-20251001-v1:0";

    InvokeStreamTest(TraeLocal local) {
        super(local, 8);
    }

    private static byte[] anthropicBody(String prompt) {
        return ("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"" + prompt + "\"}]}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] novaBody(String prompt) {
        return ("{\"schemaVersion\":\"messages-v1\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + prompt + "\"}]}],"
                + "\"inferenceConfig\":{\"maxTokens\":200}}").getBytes(StandardCharsets.UTF_8);
    }

    /** The text of Anthropic {@code content_block_delta} and Nova {@code contentBlockDelta} chunks. */
    private static String text(List<byte[]> chunks) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (byte[] c : chunks) {
            JsonNode n = Docs.MAPPER.readTree(c);
            sb.append(n.path("delta").path("text").asText(""));
            sb.append(n.path("contentBlockDelta").path("delta").path("text").asText(""));
        }
        return sb.toString();
    }

    @Test
    void invokeModelStream_withAnthropicBody_streamsChunksAndBooksUsage() throws Exception {
        fake.enqueue(FakeReply.text("Pumps move fuel from tanks to dispensers."));
        List<byte[]> seen = new CopyOnWriteArrayList<>();
        TraeBedrockClient bedrock = shared;
        InvokeStreamCall call = bedrock.invokeModelStream("pumps", CLAUDE, anthropicBody("What do pumps do?"), "application/json",
                seen::add);
        InvokeStreamResult r = call.await(Duration.ofSeconds(10));
        assertThat(text(seen)).isEqualTo("Pumps move fuel from tanks to dispensers.");
        assertThat(text(r.chunks())).isEqualTo(text(seen));
        assertThat(r.chunks()).hasSize(seen.size());
        assertThat(Docs.MAPPER.readTree(r.chunks().get(0)).path("type").asText()).isEqualTo("message_start");
        assertThat(r.usage().inputTokens()).isEqualTo(BedrockRuntimeFake.tokens("What do pumps do?\n"));
        assertThat(r.usage().outputTokens()).isEqualTo(BedrockRuntimeFake.tokens("Pumps move fuel from tanks to dispensers."));
        // Claude Haiku 4.5: USD 0.001 per 1k input and 0.005 per 1k output tokens
        assertThat(r.cost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo(
                new java.math.BigDecimal("0.001").multiply(java.math.BigDecimal.valueOf(r.usage().inputTokens()))
                        .add(new java.math.BigDecimal("0.005").multiply(java.math.BigDecimal.valueOf(r.usage().outputTokens())))
                        .divide(java.math.BigDecimal.valueOf(1000))));
        assertThat(call.attempts()).isEqualTo(1);
        assertThat(bedrock.ledger().usage("pumps")).isEqualTo(r.usage());
        assertThat(r.toString()).doesNotContain("Pumps move");
        var req = local.server("bedrock-runtime").requests("InvokeModelWithResponseStream").get(0);
        assertThat(req.pathParam("modelId")).isEqualTo(CLAUDE);
        assertThat(req.json().path("anthropic_version").asText()).isEqualTo("bedrock-2023-05-31");
    }

    @Test
    void invokeModelStream_withNovaBody_streamsNovaEvents() throws Exception {
        TraeBedrockClient bedrock = shared;
        InvokeStreamResult r = bedrock.invokeModelStream("default", NOVA, novaBody("name a pump"), "application/json", c -> { })
                .await(Duration.ofSeconds(10));
        assertThat(text(r.chunks())).isEqualTo("Answer to: name a pump");
        assertThat(r.chunksAsUtf8().get(r.chunks().size() - 1)).contains("\"metadata\"", InvokeStreamCall.METRICS);
        assertThat(r.usage().outputTokens()).isPositive();
    }

    @Test
    void invokeModelStream_whenThrottledBeforeStream_retriesAndDeliversChunksOnce() throws Exception {
        local.server("bedrock-runtime").faults().next("InvokeModelWithResponseStream", 2, Fault.throttle());
        fake.enqueue(FakeReply.text("delivered exactly once"));
        List<byte[]> seen = new CopyOnWriteArrayList<>();
        TraeBedrockClient bedrock = shared;
        InvokeStreamCall call = bedrock.invokeModelStream("default", CLAUDE, anthropicBody("hi"), "application/json", seen::add);
        call.await(Duration.ofSeconds(10));
        assertThat(call.attempts()).isEqualTo(3);
        assertThat(bedrock.ledger().entries()).hasSize(1);
        assertThat(text(seen)).isEqualTo("delivered exactly once");
        assertThat(local.server("bedrock-runtime").count("InvokeModelWithResponseStream")).isEqualTo(3);
    }

    @Test
    void invokeModelStream_whenExceptionBeforeFirstChunk_retries() throws Exception {
        local.server("bedrock-runtime").faults().next("InvokeModelWithResponseStream", 1,
                Fault.midStreamError(0, "serviceUnavailableException"));
        TraeBedrockClient bedrock = shared;
        InvokeStreamCall call = bedrock.invokeModelStream("default", NOVA, novaBody("again"), "application/json", c -> { });
        assertThat(text(call.await(Duration.ofSeconds(10)).chunks())).isEqualTo("Answer to: again");
        assertThat(call.attempts()).isEqualTo(2);
    }

    @Test
    void invokeModelStream_whenThrottledMidStream_failsClassifiedAndIsNotRetried() throws Exception {
        fake.enqueue(FakeReply.text("a long answer that is cut in the middle"));
        local.server("bedrock-runtime").faults().next("InvokeModelWithResponseStream", 1, Fault.midStreamError(3, "throttlingException"));
        List<byte[]> seen = new CopyOnWriteArrayList<>();
        TraeBedrockClient bedrock = shared;
        InvokeStreamCall call = bedrock.invokeModelStream("default", CLAUDE, anthropicBody("hi"), "application/json", seen::add);
        assertThatThrownBy(() -> call.await(Duration.ofSeconds(10))).isInstanceOfSatisfying(TraeServiceException.class, e -> {
            assertThat(e.throttled()).isTrue();
            assertThat(e.errorCode()).hasValueSatisfying(c -> assertThat(c).containsIgnoringCase("throttlingException"));
        });
        assertThat(call.attempts()).isEqualTo(1);
        assertThat(bedrock.ledger().entries()).isEmpty();
        assertThat(seen).hasSize(3);
        assertThat(text(seen)).isEqualTo("a long answer th");
        assertThat(local.server("bedrock-runtime").count("InvokeModelWithResponseStream")).isEqualTo(1);
    }

    @Test
    void invokeModelStream_whenModelStreamErrorMidStream_isRetryableButNotRepeated() {
        fake.enqueue(FakeReply.text("first part and then much more text"));
        local.server("bedrock-runtime").faults().next("InvokeModelWithResponseStream", 1,
                Fault.midStreamError(2, "modelStreamErrorException"));
        TraeBedrockClient bedrock = shared;
        InvokeStreamCall call = bedrock.invokeModelStream("default", NOVA, novaBody("x"), "application/json", c -> { });
        assertThatThrownBy(() -> call.await(Duration.ofSeconds(10))).isInstanceOfSatisfying(TraeServiceException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.throttled()).isFalse();
        });
        assertThat(call.attempts()).isEqualTo(1);
    }

    @Test
    void invokeModelStream_whenCancelled_failsWithCancelledAndStopsChunks() throws Exception {
        fake.streaming(4, Duration.ofMillis(40));
        fake.enqueue(FakeReply.text("y".repeat(400)));
        List<byte[]> seen = new CopyOnWriteArrayList<>();
        TraeBedrockClient bedrock = shared;
        InvokeStreamCall call = bedrock.invokeModelStream("default", CLAUDE, anthropicBody("long"), "application/json", seen::add);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (seen.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(call.cancel()).isTrue();
        assertThatThrownBy(() -> call.await(Duration.ofSeconds(5))).isInstanceOf(TraeCancelledException.class);
        assertThat(call.cancel()).isFalse();
        int atCancel = seen.size();
        Thread.sleep(200);
        assertThat(seen.size()).isLessThanOrEqualTo(atCancel + 1).isLessThan(100);
        assertThat(bedrock.ledger().entries()).isEmpty();
    }

    @Test
    void invokeModelStream_withBadInput_failsBeforeAnyCall() {
        TraeBedrockClient bedrock = shared;
        assertThatThrownBy(() -> bedrock.invokeModelStream("default", CLAUDE, new byte[0], "application/json", c -> { }))
                .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("body"));
        assertThatThrownBy(() -> bedrock.invokeModelStream("default", CLAUDE, anthropicBody("x"), " ", c -> { }))
                .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("contentType"));
        assertThatThrownBy(() -> bedrock.invokeModelStream("no spaces allowed", CLAUDE, anthropicBody("x"), "application/json", c -> { }))
                .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("app"));
        assertThatThrownBy(() -> bedrock.invokeModelStream("default", "anthropic.claude-3-5-haiku-20241022-v1:0", anthropicBody("x"), "application/json",
                c -> { })).isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("modelId"));
        assertThatThrownBy(() -> bedrock.invokeModelStream("default", "stability.stable-image-core-v1:1",
                "{\"prompt\":\"x\"}".getBytes(StandardCharsets.UTF_8), "application/json", c -> { }))
                .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.getMessage()).contains("does not support streaming"));
        assertThatThrownBy(() -> bedrock.invokeModelStream("default", CLAUDE, new byte[25_000_001], "application/json", c -> { }))
                .isInstanceOf(TraeValidationException.class);
        assertThat(local.server("bedrock-runtime").requests()).isEmpty();
    }
}
