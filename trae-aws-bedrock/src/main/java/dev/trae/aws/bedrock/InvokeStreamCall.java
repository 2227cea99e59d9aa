package dev.trae.aws.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.model.InvokeStreamResult;
import dev.trae.aws.bedrock.model.TokenUsage;
import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.spi.ServiceClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;

/**
 * A running InvokeModelWithResponseStream call: the native payload chunks ({@code PayloadPart}s, one JSON
 * event of the model family each) go to the chunk listener as they arrive; wait for the
 * {@link InvokeStreamResult}, or cancel. Retried only before the first chunk, mid-stream exceptions
 * classified (see {@link StreamCall}).
 *
 * <pre>{@code
 * InvokeStreamCall call = bedrock.invokeModelStream("app", "anthropic.claude-haiku-4-5-20251001-v1:0", body,
 *         "application/json", chunk -> System.out.print(new String(chunk, StandardCharsets.UTF_8)));
 * InvokeStreamResult result = call.await(Duration.ofMinutes(5));   // or call.cancel()
 * }</pre>
 */
public final class InvokeStreamCall extends StreamCall<InvokeStreamResult> {
    /** The key of the usage metrics Bedrock adds to the last chunk of a stream. */
    static final String METRICS = "amazon-bedrock-invocationMetrics";

    private final Consumer<byte[]> listener;
    private final Function<PayloadAttempt, InvokeStreamResult> finisher;

    InvokeStreamCall(String modelId, Consumer<byte[]> listener, Function<PayloadAttempt, InvokeStreamResult> finisher) {
        super(TraeBedrockClient.SERVICE, "InvokeModelWithResponseStream", modelId);
        this.listener = listener;
        this.finisher = finisher;
    }

    void start(ServiceClient<BedrockRuntimeAsyncClient> client, CallObservation observation, InvokeModelWithResponseStreamRequest request) {
        start(client.resilience(), observation, subscriber -> client.raw().invokeModelWithResponseStream(request,
                InvokeModelWithResponseStreamResponseHandler.builder()
                        .onEventStream(publisher -> publisher.subscribe(subscriber)).build()));
    }

    @Override
    void observed(CallObservation o, InvokeStreamResult r) {
        TraeBedrockClient.observeUsage(o, r.usage());
    }

    @Override
    Attempt newAttempt() {
        return new PayloadAttempt();
    }

    /** The chunks of one attempt and the usage found in them. */
    final class PayloadAttempt extends Attempt {
        private final List<byte[]> chunks = new ArrayList<>();
        private volatile TokenUsage usage = TokenUsage.ZERO;
        private volatile boolean fromMetrics;

        @Override
        boolean onEvent(Object event) {
            if (!(event instanceof PayloadPart)) {
                return false;
            }
            PayloadPart part = (PayloadPart) event;
            byte[] bytes = part.bytes() == null ? new byte[0] : part.bytes().asByteArray();
            chunks.add(bytes);
            readMetrics(bytes);
            listener.accept(bytes.clone());
            return true;
        }

        /**
         * Usage from {@value #METRICS} (cache reads and writes included), or, when a stream carries none (a Titan
         * stream stopped by a guardrail does not), from Titan's own {@code inputTextTokenCount} and
         * {@code totalOutputTextTokenCount}, which Bedrock writes as floats. Only chunks that mention them are parsed.
         */
        private void readMetrics(byte[] bytes) {
            if (bytes.length == 0 || bytes[0] != '{') {
                return;
            }
            String s = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            boolean metrics = s.contains(METRICS);
            if (!metrics && (fromMetrics || !s.contains("inputTextTokenCount"))) {
                return;
            }
            try {
                JsonNode n = Docs.MAPPER.readTree(bytes);
                JsonNode m = n.path(METRICS);
                if (m.isObject()) {
                    fromMetrics = true;
                    usage = new TokenUsage(m.path("inputTokenCount").asLong(0), m.path("outputTokenCount").asLong(0),
                            m.path("cacheReadInputTokenCount").asLong(0), m.path("cacheWriteInputTokenCount").asLong(0));
                } else if (n.has("inputTextTokenCount")) {
                    usage = new TokenUsage(n.path("inputTextTokenCount").asLong(0), n.path("totalOutputTextTokenCount").asLong(0), 0, 0);
                }
            } catch (java.io.IOException ignored) {
                // a chunk that is not JSON carries no metrics
            }
        }

        List<byte[]> chunks() {
            return chunks;
        }

        TokenUsage usage() {
            return usage;
        }

        @Override
        InvokeStreamResult finish() {
            return finisher.apply(this);
        }
    }
}
