package dev.trae.aws.bedrock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
import dev.trae.aws.core.ErrorTranslator;
import dev.trae.aws.core.Resilience;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeTimeoutException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * A running ConverseStream call: wait for its result, or cancel it. Text and tool-use deltas go to the
 * {@link StreamListener} as they arrive.
 *
 * <p>Retry policy: attempts that fail <em>before the first token</em> (throttling, 5xx, a reset connection,
 * an in-stream exception before any content) are retried through the core {@link Resilience} decorators
 * (retry with backoff, circuit breaker, rate limiter, bulkhead). Once a token has been delivered the call
 * is never repeated, so the listener never sees duplicated text: a later failure, including in-stream
 * exceptions such as {@code throttlingException} or {@code modelStreamErrorException}, ends the call with the
 * translated {@link TraeException} (classified like its PascalCase twin). The bulkhead permit is released
 * at the first token.
 *
 * <pre>{@code
 * ConverseStreamCall call = bedrock.converseStream(request, StreamListener.text(System.out::print));
 * ConverseResult result = call.await(Duration.ofMinutes(5));   // or call.cancel()
 * }</pre>
 */
public final class ConverseStreamCall {
    private static final String SERVICE = BedrockClient.SERVICE;
    private static final String OPERATION = "ConverseStream";

    private final CompletableFuture<ConverseResult> result = new CompletableFuture<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> sdkFuture = new AtomicReference<>();
    private final StreamListener listener;
    private final String modelId;
    private final Function<Attempt, ConverseResult> finisher;

    ConverseStreamCall(String modelId, StreamListener listener, Function<Attempt, ConverseResult> finisher) {
        this.modelId = modelId;
        this.listener = listener;
        this.finisher = finisher;
    }

    void start(BedrockRuntimeAsyncClient client, Resilience resilience, ConverseStreamRequest request) {
        CompletableFuture<Boolean> started = resilience.callAsync(SERVICE, OPERATION, () -> attempt(client, request));
        started.whenComplete((v, err) -> {
            if (err != null) {
                fail(err);
            }
        });
    }

    /** One attempt; its future completes when the first token arrives (true) or the stream ends without one (false). */
    private CompletableFuture<Boolean> attempt(BedrockRuntimeAsyncClient client, ConverseStreamRequest request) {
        attempts.incrementAndGet();
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        if (cancelled.get()) {
            started.completeExceptionally(new TraeCancelledException(SERVICE + "." + OPERATION + " was cancelled"));
            return started;
        }
        Attempt a = new Attempt(started);
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
                .onEventStream(publisher -> publisher.subscribe(a))
                .build();
        CompletableFuture<Void> f = client.converseStream(request, handler);
        sdkFuture.set(f);
        f.whenComplete((v, err) -> {
            if (cancelled.get()) {
                TraeCancelledException c = new TraeCancelledException(SERVICE + "." + OPERATION + " was cancelled");
                started.completeExceptionally(c);
                fail(c);
                return;
            }
            if (err == null && a.error.get() != null) {
                err = a.error.get();
            }
            if (err != null) {
                if (!a.firstToken.get()) {
                    started.completeExceptionally(cancelled.get() ? new TraeCancelledException(SERVICE + "." + OPERATION + " was cancelled") : err);
                } else {
                    fail(err);
                }
                return;
            }
            started.complete(a.firstToken.get());
            try {
                ConverseResult r = finisher.apply(a);
                if (result.complete(r)) {
                    safe(() -> listener.onComplete(r));
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        });
        return started;
    }

    private void fail(Throwable err) {
        TraeException e = cancelled.get() ? new TraeCancelledException(SERVICE + "." + OPERATION + " was cancelled")
                : ErrorTranslator.translate(err, SERVICE, OPERATION);
        if (result.completeExceptionally(e)) {
            safe(() -> listener.onError(e));
        }
    }

    private static void safe(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // listener failures after completion are ignored
        }
    }

    /** The model id invoked. */
    public String modelId() {
        return modelId;
    }

    /** The result; fails with a {@link TraeException} (wrapped in a CompletionException by {@code join}). */
    public CompletableFuture<ConverseResult> future() {
        return result.copy();
    }

    /** Waits for the result. */
    public ConverseResult await(Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TraeTimeoutException("stream did not finish within " + timeout + "; it keeps running (cancel() stops it)",
                    timeout, e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new TraeCancelledException("interrupted while waiting for the stream");
        } catch (ExecutionException | CompletionException e) {
            throw ErrorTranslator.translate(e.getCause() == null ? e : e.getCause(), SERVICE, OPERATION);
        }
    }

    /** Stops the stream; the result fails with {@link TraeCancelledException}. Returns false if it had already finished. */
    public boolean cancel() {
        if (result.isDone()) {
            return false;
        }
        cancelled.set(true);
        fail(new TraeCancelledException(SERVICE + "." + OPERATION + " was cancelled"));
        Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<Void> f = sdkFuture.get();
        if (f != null) {
            f.cancel(true);
        }
        return true;
    }

    /** Attempts made so far (1 unless failures before the first token were retried). */
    public int attempts() {
        return attempts.get();
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** The state of one attempt: what has arrived so far. */
    final class Attempt implements Subscriber<ConverseStreamOutput> {
        final CompletableFuture<Boolean> started;
        final AtomicBoolean firstToken = new AtomicBoolean();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final StringBuilder text = new StringBuilder();
        final Map<Integer, ToolAcc> tools = new TreeMap<>();
        final List<ContentBlock.ToolCall> toolCalls = new ArrayList<>();
        volatile String stopReason;
        volatile ConverseStreamMetadataEvent metadata;
        private final ConverseStreamResponseHandler.Visitor visitor;

        Attempt(CompletableFuture<Boolean> started) {
            this.started = started;
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
            if (firstToken.compareAndSet(false, true)) {
                started.complete(true);
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription.set(s);
            if (cancelled.get()) {
                s.cancel();
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ConverseStreamOutput event) {
            if (cancelled.get()) {
                return;
            }
            try {
                event.accept(visitor);
            } catch (RuntimeException e) {
                // a failing listener (or malformed tool JSON) ends the stream
                error.compareAndSet(null, e);
                Subscription s = subscription.get();
                if (s != null) {
                    s.cancel();
                }
                fail(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            error.compareAndSet(null, t);
        }

        @Override
        public void onComplete() {
            // the SDK future completes after this
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
