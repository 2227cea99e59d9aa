package dev.trae.aws.bedrock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.trae.aws.core.spi.ErrorTranslator;
import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeTimeoutException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A running Bedrock event-stream call ({@link ConverseStreamCall} for ConverseStream,
 * {@link InvokeStreamCall} for InvokeModelWithResponseStream): wait for its result, or cancel it.
 *
 * <p>Retry policy: attempts that fail <em>before the first content event</em> (a token, a tool-use delta, a
 * payload chunk) are retried through the core {@link Resilience} decorators (retry with backoff, circuit
 * breaker, rate limiter, bulkhead): throttling, 5xx, a reset connection, or an in-stream exception that
 * arrives before any content. Once content has been delivered the call is never repeated, so listeners
 * never see it twice: a later failure, including in-stream exceptions such as {@code throttlingException}
 * or {@code modelStreamErrorException}, ends the call with the translated {@link TraeException}
 * (classified like its PascalCase twin). Thread-safe.
 *
 * @param <R> the result type
 */
public abstract sealed class StreamCall<R> permits ConverseStreamCall, InvokeStreamCall {
    private final String service;
    private final String operation;
    private final String modelId;
    private final CompletableFuture<R> result = new CompletableFuture<>();
    /** Set once by whoever ends the call; the listener hears of the end before {@link #result} completes. */
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<?>> sdkFuture = new AtomicReference<>();
    /** Observes the whole stream, all attempts: {@code first-token} event, usage tags, stopped at the end. */
    private volatile CallObservation observation = CallObservation.NOOP;
    private final AtomicBoolean firstTokenSeen = new AtomicBoolean();

    StreamCall(String service, String operation, String modelId) {
        this.service = service;
        this.operation = operation;
        this.modelId = modelId;
    }

    /** A fresh per-attempt state. */
    abstract Attempt newAttempt();

    /** Adds what the result tells (token usage) to the stream's observation before it is stopped. */
    void observed(CallObservation o, R r) {
    }

    /** Called once with the result (listener notification), before the future completes; exceptions are ignored. */
    void completed(R r) {
    }

    /** Called once with the failure (listener notification), before the future completes; exceptions are ignored. */
    void failed(RuntimeException e) {
    }

    /**
     * Starts the call: {@code call} sends one attempt whose events go to the given subscriber and returns
     * the SDK's future of that attempt.
     */
    final void start(Resilience resilience, CallObservation observation, Function<Subscriber<Object>, CompletableFuture<?>> call) {
        this.observation = observation;
        CompletableFuture<Boolean> started = resilience.callAsync(service, operation, () -> attempt(call));
        started.whenComplete((v, err) -> {
            if (err != null) {
                fail(err);
            }
        });
    }

    private TraeCancelledException cancelledException() {
        return new TraeCancelledException(service + "." + operation + " was cancelled");
    }

    /** One attempt; its future completes when the first content arrives (true) or the stream ends without any (false). */
    private CompletableFuture<Boolean> attempt(Function<Subscriber<Object>, CompletableFuture<?>> call) {
        attempts.incrementAndGet();
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        if (cancelled.get() || ended.get()) {
            started.completeExceptionally(cancelled.get() ? cancelledException()
                    : new TraeCancelledException(service + "." + operation + " already ended"));
            return started;
        }
        Attempt a = newAttempt();
        a.started = started;
        CompletableFuture<?> f = call.apply(a);
        sdkFuture.set(f);
        f.whenComplete((v, e) -> {
            Throwable err = e;
            if (cancelled.get()) {
                TraeCancelledException c = cancelledException();
                started.completeExceptionally(c);
                fail(c);
                return;
            }
            if (err == null && a.error.get() != null) {
                err = a.error.get();
            }
            if (err != null) {
                if (!a.firstContent.get()) {
                    started.completeExceptionally(err);
                } else {
                    fail(err);
                }
                return;
            }
            started.complete(a.firstContent.get());
            try {
                R r = a.finish();
                if (ended.compareAndSet(false, true)) {
                    safe(() -> observed(observation, r));
                    safe(() -> observation.stop(null));
                    safe(() -> completed(r));
                    result.complete(r);
                }
            } catch (RuntimeException ex) {
                fail(ex);
            }
        });
        return started;
    }

    private void fail(Throwable err) {
        TraeException e = cancelled.get() ? cancelledException() : ErrorTranslator.translate(err, service, operation);
        if (ended.compareAndSet(false, true)) {
            safe(() -> observation.stop(e));
            safe(() -> failed(e));
            result.completeExceptionally(e);
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
    public CompletableFuture<R> future() {
        return result.copy();
    }

    /** Waits for the result; throws {@link TraeTimeoutException} when it does not come in time (the call keeps running). */
    public R await(Duration timeout) {
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
            throw ErrorTranslator.translate(e.getCause() == null ? e : e.getCause(), service, operation);
        }
    }

    /** Stops the stream; the result fails with {@link TraeCancelledException}. Returns false if it had already finished. */
    public boolean cancel() {
        if (ended.get()) {
            return false;
        }
        cancelled.set(true);
        fail(cancelledException());
        Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<?> f = sdkFuture.get();
        if (f != null) {
            f.cancel(true);
        }
        return true;
    }

    /** Attempts made so far (1 unless failures before the first content were retried). */
    public int attempts() {
        return attempts.get();
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** The state of one attempt: the subscriber of its events and what has arrived so far. */
    abstract class Attempt implements Subscriber<Object> {
        private CompletableFuture<Boolean> started;
        private final AtomicBoolean firstContent = new AtomicBoolean();
        private final AtomicReference<Throwable> error = new AtomicReference<>();

        /** Handles one event (on the SDK's thread, in order); returns true when it carried content. */
        abstract boolean onEvent(Object event);

        /** The result, once the stream ended without error. */
        abstract R finish();

        @Override
        public final void onSubscribe(Subscription s) {
            subscription.set(s);
            if (cancelled.get()) {
                s.cancel();
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public final void onNext(Object event) {
            if (cancelled.get()) {
                return;
            }
            try {
                if (onEvent(event) && firstContent.compareAndSet(false, true)) {
                    if (firstTokenSeen.compareAndSet(false, true)) {
                        safe(() -> observation.event("first-token"));
                    }
                    started.complete(true);
                }
            } catch (RuntimeException e) {
                // a failing listener (or malformed content) ends the stream; it is not retried
                firstContent.set(true);
                error.compareAndSet(null, e);
                Subscription s = subscription.get();
                if (s != null) {
                    s.cancel();
                }
                fail(e);
            }
        }

        @Override
        public final void onError(Throwable t) {
            error.compareAndSet(null, t);
        }

        @Override
        public final void onComplete() {
            // the SDK future completes after this
        }
    }
}
