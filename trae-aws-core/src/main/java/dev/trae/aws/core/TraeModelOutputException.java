package dev.trae.aws.core;

/**
 * The service answered, but the model's output was not usable: no valid structured output after the
 * allowed repair rounds, a tool loop that did not finish, a guardrail that left no output, or an answer
 * that is not the documented format. It is neither a {@link TraeClientException} (so catching it does not
 * also catch validation errors, timeouts or cancellation) nor a {@link TraeServiceException} (the HTTP call
 * succeeded). Not retryable by the resilience layer; a caller may retry with a changed prompt.
 */
public class TraeModelOutputException extends TraeException {
    private static final long serialVersionUID = 1L;

    public TraeModelOutputException(String message) {
        super(message, null);
    }

    public TraeModelOutputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
