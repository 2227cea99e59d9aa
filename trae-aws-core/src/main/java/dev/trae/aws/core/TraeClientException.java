package dev.trae.aws.core;

/**
 * The call failed on the client side: no usable service response was received
 * (connection refused or reset, I/O error, an open circuit breaker, a full bulkhead).
 */
public class TraeClientException extends TraeException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public TraeClientException(String message) {
        this(message, null, false);
    }

    public TraeClientException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public TraeClientException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
