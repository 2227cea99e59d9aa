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
import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.TraeClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.CitationSourceContentDelta;
import software.amazon.awssdk.services.bedrockruntime.model.CitationsDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlockDelta;
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

    void start(ServiceClient<BedrockRuntimeAsyncClient> client, CallObservation observation, ConverseStreamRequest request) {
        start(client.resilience(), observation, subscriber -> client.raw().converseStream(request, ConverseStreamResponseHandler.builder()
                .onEventStream(publisher -> publisher.subscribe(subscriber)).build()));
    }

    @Override
    void observed(CallObservation o, ConverseResult r) {
        TraeBedrockClient.observeUsage(o, r.usage());
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

    /** The state of one attempt: what has arrived so far, block by block in the order of their indexes. */
    final class ConverseAttempt extends Attempt {
        final Map<Integer, BlockAcc> blocks = new TreeMap<>();
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
                            BlockAcc b = block(e.contentBlockIndex());
                            b.tool = new ToolAcc(e.start().toolUse().toolUseId(), e.start().toolUse().name());
                            listener.onToolUseStart(b.tool.id, b.tool.name);
                        }
                    })
                    .onContentBlockDelta(e -> {
                        ContentBlockDelta d = e.delta();
                        if (d == null) {
                            return;
                        }
                        BlockAcc b = block(e.contentBlockIndex());
                        if (d.text() != null) {
                            token();
                            b.text.append(d.text());
                            listener.onText(d.text());
                        } else if (d.toolUse() != null) {
                            token();
                            if (b.tool != null) {
                                b.tool.input.append(d.toolUse().input());
                                listener.onToolUseDelta(b.tool.id, d.toolUse().input());
                            }
                        } else if (d.reasoningContent() != null) {
                            token();
                            ReasoningContentBlockDelta r = d.reasoningContent();
                            b.reasoning = true;
                            if (r.text() != null) {
                                b.reasoningText.append(r.text());
                                listener.onReasoning(r.text());
                            }
                            if (r.signature() != null) {
                                b.signature = (b.signature == null ? "" : b.signature) + r.signature();
                            }
                            if (r.redactedContent() != null) {
                                b.redacted.writeBytes(r.redactedContent().asByteArray());
                            }
                        } else if (d.citation() != null) {
                            token();
                            CitationsDelta c = d.citation();
                            ContentBlock.Citation citation = SdkMapper.citation(c.title(),
                                    c.sourceContent().stream().map(CitationSourceContentDelta::text).toList(), c.location());
                            b.citations.add(citation);
                            listener.onCitation(citation);
                        }
                    })
                    .onContentBlockStop(e -> {
                        BlockAcc b = blocks.get(e.contentBlockIndex());
                        ToolAcc t = b == null ? null : b.tool;
                        if (t != null && !t.done) {
                            t.done = true;
                            JsonNode input;
                            try {
                                input = t.input.length() == 0 ? Docs.MAPPER.createObjectNode() : Docs.MAPPER.readTree(t.input.toString());
                            } catch (java.io.IOException ex) {
                                throw new TraeClientException("tool call " + t.name + " had malformed JSON input", ex, false);
                            }
                            t.call = new ContentBlock.ToolCall(t.id, t.name, input);
                            toolCalls.add(t.call);
                            listener.onToolUse(t.call);
                        }
                    })
                    .onMessageStop(e -> stopReason = e.stopReasonAsString())
                    .onMetadata(e -> metadata = e)
                    .build();
        }

        private BlockAcc block(Integer index) {
            return blocks.computeIfAbsent(index == null ? blocks.size() : index, i -> new BlockAcc());
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

        /** The assembled assistant message: every block in index order, reasoning and citations included. */
        Message message() {
            List<ContentBlock> out = new ArrayList<>();
            for (BlockAcc b : blocks.values()) {
                if (b.tool != null) {
                    if (b.tool.call != null) {
                        out.add(ContentBlock.toolUse(b.tool.call));
                    }
                } else if (b.reasoning) {
                    out.add(ContentBlock.reasoning(b.redacted.size() > 0 ? ContentBlock.Reasoning.redacted(b.redacted.toByteArray())
                            : ContentBlock.Reasoning.text(b.reasoningText.toString(), b.signature)));
                } else if (!b.citations.isEmpty()) {
                    out.add(ContentBlock.citations(new ContentBlock.Citations(List.of(b.text.toString()), b.citations)));
                } else if (b.text.length() > 0) {
                    out.add(ContentBlock.text(b.text.toString()));
                }
            }
            return new Message(Role.ASSISTANT, out);
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

    /** What one content block has accumulated. */
    private static final class BlockAcc {
        final StringBuilder text = new StringBuilder();
        final StringBuilder reasoningText = new StringBuilder();
        final java.io.ByteArrayOutputStream redacted = new java.io.ByteArrayOutputStream();
        final List<ContentBlock.Citation> citations = new ArrayList<>();
        boolean reasoning;
        String signature;
        ToolAcc tool;
    }

    private static final class ToolAcc {
        final String id;
        final String name;
        final StringBuilder input = new StringBuilder();
        boolean done;
        ContentBlock.ToolCall call;

        ToolAcc(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }
}
