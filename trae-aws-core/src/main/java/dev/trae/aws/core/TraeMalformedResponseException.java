package dev.trae.aws.core;

/**
 * The service answered with a success status, but the SDK could not parse the body (truncated or corrupted
 * on the way). The operation may have taken effect, so it is retried only when the caller marked it
 * idempotent ({@code ServiceClient.Idempotency.IDEMPOTENT}); otherwise it surfaces at once, so that a side
 * effect is never repeated blindly. Check the resource's state before calling again.
 */
public class TraeMalformedResponseException extends TraeServiceException {
    private static final long serialVersionUID = 1L;

    public TraeMalformedResponseException(String message, String service, int statusCode, String requestId, Throwable cause) {
        super(message, service, statusCode, requestId, "MalformedResponse", false, false, cause);
    }
}
