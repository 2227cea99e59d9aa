package dev.trae.aws.core;

/**
 * One observed AWS call, from its first attempt to its outcome. Every method has a no-op default.
 * See {@link CallObserver} for the keys core records.
 */
public interface CallObservation {
    /** The observation that records nothing. */
    CallObservation NOOP = new CallObservation() {
    };

    /** A low-cardinality key (bounded set of values: service, operation, outcome, model id). */
    default void tag(String key, String value) {
    }

    /** A high-cardinality key (request ids, token counts). */
    default void highCardinalityTag(String key, String value) {
    }

    /** A point in time inside the call, such as {@code first-token} of a stream. */
    default void event(String name) {
    }

    /** The call ended: {@code error} is {@code null} on success, otherwise the {@link TraeException} it failed with. */
    default void stop(Throwable error) {
    }
}
