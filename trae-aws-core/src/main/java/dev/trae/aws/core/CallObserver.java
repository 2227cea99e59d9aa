package dev.trae.aws.core;

/**
 * The observation hook of every AWS call made through the resilience layer: one {@link CallObservation}
 * per logical call (all its attempts). Core ships only this interface and a no-op default, so it has no
 * metrics dependency; the Spring Boot starter binds it to Micrometer's {@code ObservationRegistry}.
 *
 * <p>Low-cardinality keys set by core: {@code aws.service}, {@code aws.operation}, {@code outcome}
 * ({@code success}, {@code client_error}, {@code server_error}, {@code throttled}, {@code cancelled},
 * {@code timeout}, {@code failure}), {@code attempts}, {@code throttled} ({@code true}/{@code false}) and
 * {@code error.code}; the high-cardinality key {@code aws.request_id}. Modules add their own (Bedrock adds
 * the OpenTelemetry {@code gen_ai.*} attributes and a {@code first-token} event for streams).
 *
 * <pre>{@code
 * TraeConfig config = TraeConfig.builder()
 *         .observer((service, operation) -> new CallObservation() {
 *             public void stop(Throwable error) { log.info("{}.{} done, error={}", service, operation, error); }
 *         })
 *         .build();
 * }</pre>
 *
 * Implementations must be thread-safe and must not throw; an exception thrown by an observer is logged
 * and ignored.
 */
@FunctionalInterface
public interface CallObserver {
    /** The observer that records nothing. */
    CallObserver NOOP = (service, operation) -> CallObservation.NOOP;

    /** Starts observing one logical call to {@code service}'s {@code operation}. */
    CallObservation start(String service, String operation);
}
