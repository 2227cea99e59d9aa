package dev.trae.aws.core;

import java.util.Optional;

/**
 * An AWS (or Trae Local) service answered with an error. Carries the HTTP status code, the
 * service's request id and error code, and whether the error is retryable or a throttle.
 * The original AWS SDK exception is kept as the cause.
 */
public class TraeServiceException extends TraeException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final int statusCode;
    private final String requestId;
    private final String errorCode;
    private final boolean retryable;
    private final boolean throttled;

    public TraeServiceException(String message, String service, int statusCode, String requestId,
                                String errorCode, boolean retryable, boolean throttled, Throwable cause) {
        super(message, cause);
        this.service = service;
        this.statusCode = statusCode;
        this.requestId = requestId;
        this.errorCode = errorCode;
        this.retryable = retryable;
        this.throttled = throttled;
    }

    /** The service name used in configuration, such as {@code "bedrock-runtime"}. */
    public String service() {
        return service;
    }

    /** HTTP status code of the error response. */
    public int statusCode() {
        return statusCode;
    }

    /** The service request id, when the response carried one. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The AWS error code, such as {@code ThrottlingException}, when known. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    @Override
    public boolean retryable() {
        return retryable;
    }

    /** Whether the service throttled the call (HTTP 429 or a throttling error code). */
    public boolean throttled() {
        return throttled;
    }
}
