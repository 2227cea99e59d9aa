package dev.trae.aws.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.model.InvokeStreamResult;
import dev.trae.aws.bedrock.model.TokenUsage;
import dev.trae.aws.core.spi.Resilience;
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
 * InvokeStreamCall call = bedrock.invokeModelStream("app", "anthropic.claude-3-5-haiku-20241022-v1:0", body,
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

    void start(BedrockRuntimeAsyncClient client, Resilience resilience, InvokeModelWithResponseStreamRequest request) {
        start(resilience, subscriber -> client.invokeModelWithResponseStream(request,
                InvokeModelWithResponseStreamResponseHandler.builder()
                        .onEventStream(publisher -> publisher.subscribe(subscriber)).build()));
    }

    @Override
    Attempt newAttempt() {
        return new PayloadAttempt();
    }

    /** The chunks of one attempt and the usage found in them. */
    final class PayloadAttempt extends Attempt {
        private final List<byte[]> chunks = new ArrayList<>();
        private volatile TokenUsage usage = TokenUsage.ZERO;

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

        /** Usage from {@value #METRICS} (only chunks that mention it are parsed). */
        private void readMetrics(byte[] bytes) {
            if (bytes.length == 0 || bytes[0] != '{' || !new String(bytes, java.nio.charset.StandardCharsets.UTF_8).contains(METRICS)) {
                return;
            }
            try {
                JsonNode m = Docs.MAPPER.readTree(bytes).path(METRICS);
                if (m.isObject()) {
                    usage = new TokenUsage(m.path("inputTokenCount").asLong(0), m.path("outputTokenCount").asLong(0), 0, 0);
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
