package dev.trae.aws.core;

import java.time.Duration;

/** A call or a wait exceeded its time limit. Retryable when only one attempt timed out. */
public class TraeTimeoutException extends TraeClientException {
    private static final long serialVersionUID = 1L;
    private final Duration timeout;

    public TraeTimeoutException(String message, Duration timeout, Throwable cause, boolean retryable) {
        super(message, cause, retryable);
        this.timeout = timeout;
    }

    /** The limit that was exceeded, or {@link Duration#ZERO} when unknown. */
    public Duration timeout() {
        return timeout == null ? Duration.ZERO : timeout;
    }
}
