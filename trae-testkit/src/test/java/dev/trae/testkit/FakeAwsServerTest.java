package dev.trae.testkit;

import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.wire.StreamEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ErrorTranslator;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/** The fake server framework itself: REST routing with path parameters, event streams, mid-stream faults. */
@ExtendWith(TraeLocalExtension.class)
class FakeAwsServerTest {

    private static final Message HELLO = Message.builder().role(ConversationRole.USER)
            .content(ContentBlock.fromText("hello")).build();

    private static void install(TraeLocal local) {
        FakeAwsServer server = local.server("bedrock-runtime");
        server.rest("Converse", "POST", "/model/{modelId}/converse", req -> FakeResponse.json(Map.of(
                "output", Map.of("message", Map.of("role", "assistant",
                        "content", List.of(Map.of("text", "echo " + req.pathParam("modelId"))))),
                "stopReason", "end_turn",
                "usage", Map.of("inputTokens", 3, "outputTokens", 2, "totalTokens", 5),
                "metrics", Map.of("latencyMs", 7))));
        server.rest("ConverseStream", "POST", "/model/{modelId}/converse-stream", req -> FakeResponse.eventStream(List.of(
                StreamEvent.event("messageStart", Map.of("role", "assistant")),
                StreamEvent.event("contentBlockDelta", Map.of("contentBlockIndex", 0, "delta", Map.of("text", "Hel"))),
                StreamEvent.event("contentBlockDelta", Map.of("contentBlockIndex", 0, "delta", Map.of("text", "lo"))).after(Duration.ofMillis(20)),
                StreamEvent.event("contentBlockStop", Map.of("contentBlockIndex", 0)),
                StreamEvent.event("messageStop", Map.of("stopReason", "end_turn")),
                StreamEvent.event("metadata", Map.of("usage", Map.of("inputTokens", 4, "outputTokens", 2, "totalTokens", 6),
                        "metrics", Map.of("latencyMs", 30))))));
    }

    @Test
    void restRoute_withEncodedModelId_decodesPathParameter(TraeLocal local) {
        install(local);
        TraeConfig config = local.config();
        try (BedrockRuntimeClient client = AwsClients.of(config).sync("bedrock-runtime", BedrockRuntimeClient::builder,
                AwsClients.Profile.GENERATIVE, b -> { })) {
            ConverseResponse r = client.converse(b -> b.modelId("us.amazon.nova-lite-v1:0").messages(HELLO));
            assertThat(r.output().message().content().get(0).text()).isEqualTo("echo us.amazon.nova-lite-v1:0");
            assertThat(r.usage().totalTokens()).isEqualTo(5);
        }
        FakeRequest captured = local.server("bedrock-runtime").requests("Converse").get(0);
        assertThat(captured.json().path("messages").get(0).path("content").get(0).path("text").asText()).isEqualTo("hello");
        assertThat(captured.signingService()).hasValue("bedrock");
    }

    @Test
    void eventStream_deliversEveryEventToRealAsyncClient(TraeLocal local) throws Exception {
        install(local);
        TraeConfig config = local.config();
        List<String> deltas = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> tokens = new CompletableFuture<>();
        try (BedrockRuntimeAsyncClient client = AwsClients.of(config).async("bedrock-runtime", BedrockRuntimeAsyncClient::builder)) {
            ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
                    .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(d -> deltas.add(d.delta().text()))
                            .onMetadata(m -> tokens.complete(m.usage().totalTokens()))
                            .build())
                    .build();
            client.converseStream(ConverseStreamRequest.builder().modelId("amazon.nova-micro-v1:0").messages(HELLO).build(), handler)
                    .get(10, TimeUnit.SECONDS);
        }
        assertThat(String.join("", deltas)).isEqualTo("Hello");
        assertThat(tokens.get(1, TimeUnit.SECONDS)).isEqualTo(6);
    }

    @Test
    void eventStream_withMidStreamFault_failsWithRetryableThrottle(TraeLocal local) {
        install(local);
        local.server("bedrock-runtime").faults().next("ConverseStream", 1, Fault.midStreamError(2, "throttlingException"));
        TraeConfig config = local.config();
        List<String> deltas = new CopyOnWriteArrayList<>();
        try (BedrockRuntimeAsyncClient client = AwsClients.of(config).async("bedrock-runtime", BedrockRuntimeAsyncClient::builder)) {
            ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
                    .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(d -> deltas.add(d.delta().text())).build())
                    .build();
            CompletableFuture<Void> f = client.converseStream(ConverseStreamRequest.builder().modelId("amazon.nova-micro-v1:0")
                    .messages(HELLO).build(), handler);
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).satisfies(t -> {
                TraeException e = ErrorTranslator.translate(t, "bedrock-runtime", "ConverseStream");
                assertThat(e).isInstanceOf(TraeServiceException.class);
                assertThat(((TraeServiceException) e).throttled()).isTrue();
                assertThat(e.retryable()).isTrue();
            });
        }
        assertThat(deltas).containsExactly("Hel");
    }

    @Test
    void requests_captureEveryAttempt_andResetClearsThem(TraeLocal local) {
        install(local);
        FakeAwsServer server = local.server("bedrock-runtime");
        server.faults().next("Converse", 1, Fault.throttle());
        TraeConfig config = local.config();
        try (BedrockRuntimeClient client = AwsClients.of(config).sync("bedrock-runtime", BedrockRuntimeClient::builder)) {
            AwsClients.of(config).resilience().call("bedrock-runtime", "Converse",
                    () -> client.converse(b -> b.modelId("m").messages(HELLO)));
        }
        assertThat(server.count("Converse")).isEqualTo(2);
        server.reset();
        assertThat(server.requests()).isEmpty();
    }
}
