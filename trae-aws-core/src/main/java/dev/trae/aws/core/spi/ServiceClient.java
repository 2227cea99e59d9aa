package dev.trae.aws.core.spi;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.TraeConfig;
import software.amazon.awssdk.core.SdkClient;

/**
 * A guarded AWS SDK client: every call goes through the config's shared {@link Resilience} (retry, breaker,
 * rate limiter, bulkhead), is translated into the {@code TraeException} hierarchy, and is recorded by the
 * config's {@link dev.trae.aws.core.CallObserver}. Thread-safe; closing it closes the SDK client.
 *
 * <pre>{@code
 * try (ServiceClient<RekognitionClient> rek = AwsClients.of(config).service(Services.REKOGNITION, RekognitionClient::builder)) {
 *     DetectLabelsResponse r = rek.call("DetectLabels", c -> c.detectLabels(request));
 * }
 * }</pre>
 *
 * @param <C> the AWS SDK client type
 */
public final class ServiceClient<C extends SdkClient> implements AutoCloseable {
    private final Service service;
    private final C client;
    private final TraeConfig config;
    private final Resilience resilience;

    ServiceClient(Service service, C client, TraeConfig config) {
        this.service = Objects.requireNonNull(service, "service");
        this.client = Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
        this.resilience = Resilience.of(config);
    }

    /** The service this client talks to. */
    public Service service() {
        return service;
    }

    /**
     * The underlying SDK client, for what the guarded calls cannot express (paginators, whose pages each go
     * through {@link #call}). Calls made on it directly bypass resilience and observation.
     */
    public C raw() {
        return client;
    }

    /** The shared resilience runtime these calls go through. */
    public Resilience resilience() {
        return resilience;
    }

    /**
     * Merges this client's own transactions-per-second limit into the shared limiter of the service (the
     * stricter rate wins for every client of the config). Returns this client.
     */
    public ServiceClient<C> withRateLimit(double transactionsPerSecond) {
        resilience.withRateLimit(service.id(), transactionsPerSecond);
        return this;
    }

    /** A call with the default retry rule. */
    public <T> T call(String operation, Function<? super C, T> call) {
        return call(operation, Idempotency.DEFAULT, call);
    }

    /** A call retried as {@code idempotency} allows. */
    public <T> T call(String operation, Idempotency idempotency, Function<? super C, T> call) {
        CallObservation o = start(operation);
        return resilience.call(service.id(), operation, idempotency, o, () -> call.apply(client));
    }

    /** {@link #call(String, Idempotency, Function)} with an observation the caller started (to add its own keys). */
    public <T> T call(String operation, Idempotency idempotency, CallObservation observation, Function<? super C, T> call) {
        return resilience.call(service.id(), operation, idempotency, observation, () -> call.apply(client));
    }

    /** A call that returns nothing. */
    public void run(String operation, Consumer<? super C> call) {
        call(operation, c -> {
            call.accept(c);
            return null;
        });
    }

    /** An asynchronous call; the function is invoked once per attempt. */
    public <T> CompletableFuture<T> callAsync(String operation, Function<? super C, ? extends CompletionStage<T>> call) {
        return callAsync(operation, Idempotency.DEFAULT, start(operation), call);
    }

    /** An asynchronous call retried as {@code idempotency} allows, recorded in {@code observation}. */
    public <T> CompletableFuture<T> callAsync(String operation, Idempotency idempotency, CallObservation observation,
                                              Function<? super C, ? extends CompletionStage<T>> call) {
        return resilience.callAsync(service.id(), operation, idempotency, observation, () -> call.apply(client));
    }

    /** Starts an observation of one call, tagged with the service and operation. */
    public CallObservation start(String operation) {
        CallObservation o;
        try {
            o = config.observer().start(service.id(), operation);
        } catch (RuntimeException e) {
            return CallObservation.NOOP;
        }
        if (o == null) {
            return CallObservation.NOOP;
        }
        o.tag("aws.service", service.id());
        o.tag("aws.operation", operation);
        return o;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "ServiceClient[" + service.id() + "]";
    }
}
