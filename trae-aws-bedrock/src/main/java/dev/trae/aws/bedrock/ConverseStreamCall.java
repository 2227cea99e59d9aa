package dev.trae.aws.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.internal.SdkMapper;
import dev.trae.aws.bedrock.model.ContentBlock;
import dev.trae.aws.bedrock.model.ConverseResult;
import dev.trae.aws.bedrock.model.GuardrailTrace;
import dev.trae.aws.bedrock.model.Message;
import dev.trae.aws.bedrock.model.Role;
import dev.trae.aws.bedrock.model.StopReason;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.bedrock.model.TokenUsage;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.TraeClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * A running ConverseStream call: wait for its result, or cancel it. Text and tool-use deltas go to the
 * {@link StreamListener} as they arrive.
 *
 * <p>Retry policy (see {@link StreamCall}): attempts that fail <em>before the first token</em> are retried;
 * once a token has been delivered the call is never repeated, so the listener never sees duplicated text,
 * and a later failure (including in-stream exceptions such as {@code throttlingException} or
 * {@code modelStreamErrorException}) ends the call with the translated exception. The bulkhead permit is
 * released at the first token.
 *
 * <pre>{@code
 * ConverseStreamCall call = bedrock.converseStream(request, StreamListener.text(System.out::print));
 * ConverseResult result = call.await(Duration.ofMinutes(5));   // or call.cancel()
 * }</pre>
 */
public final class ConverseStreamCall extends StreamCall<ConverseResult> {
    private final StreamListener listener;
    private final Function<ConverseAttempt, ConverseResult> finisher;

    ConverseStreamCall(String modelId, StreamListener listener, Function<ConverseAttempt, ConverseResult> finisher) {
        super(TraeBedrockClient.SERVICE, "ConverseStream", modelId);
        this.listener = listener;
        this.finisher = finisher;
    }

    void start(BedrockRuntimeAsyncClient client, Resilience resilience, ConverseStreamRequest request) {
        start(resilience, subscriber -> client.converseStream(request, ConverseStreamResponseHandler.builder()
                .onEventStream(publisher -> publisher.subscribe(subscriber)).build()));
    }

    @Override
    Attempt newAttempt() {
        return new ConverseAttempt();
    }

    @Override
    void completed(ConverseResult r) {
        listener.onComplete(r);
    }

    @Override
    void failed(RuntimeException e) {
        listener.onError(e);
    }

    /** The state of one attempt: what has arrived so far. */
    final class ConverseAttempt extends Attempt {
        final StringBuilder text = new StringBuilder();
        final Map<Integer, ToolAcc> tools = new TreeMap<>();
        final List<ContentBlock.ToolCall> toolCalls = new ArrayList<>();
        volatile String stopReason;
        volatile ConverseStreamMetadataEvent metadata;
        private final ConverseStreamResponseHandler.Visitor visitor;

        private boolean content;

        ConverseAttempt() {
            this.visitor = ConverseStreamResponseHandler.Visitor.builder()
                    .onContentBlockStart(e -> {
                        if (e.start() != null && e.start().toolUse() != null) {
                            token();
                            ToolAcc t = new ToolAcc(e.start().toolUse().toolUseId(), e.start().toolUse().name());
                            tools.put(e.contentBlockIndex(), t);
                            listener.onToolUseStart(t.id, t.name);
                        }
                    })
                    .onContentBlockDelta(e -> {
                        if (e.delta() == null) {
                            return;
                        }
                        if (e.delta().text() != null) {
                            token();
                            text.append(e.delta().text());
                            listener.onText(e.delta().text());
                        } else if (e.delta().toolUse() != null) {
                            token();
                            ToolAcc t = tools.get(e.contentBlockIndex());
                            if (t != null) {
                                t.input.append(e.delta().toolUse().input());
                                listener.onToolUseDelta(t.id, e.delta().toolUse().input());
                            }
                        }
                    })
                    .onContentBlockStop(e -> {
                        ToolAcc t = tools.get(e.contentBlockIndex());
                        if (t != null && !t.done) {
                            t.done = true;
                            JsonNode input;
                            try {
                                input = t.input.length() == 0 ? Docs.MAPPER.createObjectNode() : Docs.MAPPER.readTree(t.input.toString());
                            } catch (java.io.IOException ex) {
                                throw new TraeClientException("tool call " + t.name + " had malformed JSON input", ex, false);
                            }
                            ContentBlock.ToolCall call = new ContentBlock.ToolCall(t.id, t.name, input);
                            toolCalls.add(call);
                            listener.onToolUse(call);
                        }
                    })
                    .onMessageStop(e -> stopReason = e.stopReasonAsString())
                    .onMetadata(e -> metadata = e)
                    .build();
        }

        private void token() {
            content = true;
        }

        @Override
        boolean onEvent(Object event) {
            content = false;
            ((ConverseStreamOutput) event).accept(visitor);
            return content;
        }

        @Override
        ConverseResult finish() {
            return finisher.apply(this);
        }

        /** The assembled assistant message. */
        Message message() {
            List<ContentBlock> blocks = new ArrayList<>();
            if (text.length() > 0) {
                blocks.add(ContentBlock.text(text.toString()));
            }
            toolCalls.forEach(c -> blocks.add(ContentBlock.toolUse(c)));
            return new Message(Role.ASSISTANT, blocks);
        }

        StopReason stop() {
            return StopReason.fromWire(stopReason);
        }

        TokenUsage usage() {
            return metadata == null ? TokenUsage.ZERO : SdkMapper.usage(metadata.usage());
        }

        long latencyMs() {
            return metadata == null || metadata.metrics() == null || metadata.metrics().latencyMs() == null ? 0
                    : metadata.metrics().latencyMs();
        }

        Optional<GuardrailTrace> guardrail() {
            return SdkMapper.guardrail(metadata == null || metadata.trace() == null ? null : metadata.trace().guardrail(),
                    stop() == StopReason.GUARDRAIL_INTERVENED);
        }
    }

    private static final class ToolAcc {
        final String id;
        final String name;
        final StringBuilder input = new StringBuilder();
        boolean done;

        ToolAcc(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }
}
