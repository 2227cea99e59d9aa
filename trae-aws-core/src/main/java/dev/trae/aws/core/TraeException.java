package dev.trae.aws.core;

/**
 * Root of every exception the Trae SDK throws. All Trae exceptions are unchecked.
 *
 * <ul>
 *   <li>{@link TraeClientException}: the call failed without a service response (bad input,
 *       network, timeout, cancellation, an open circuit).</li>
 *   <li>{@link TraeServiceException}: the service answered with an error
 *       ({@link TraeQuotaExceededException} for a used-up quota, {@link TraeMalformedResponseException} for a
 *       success status with an unreadable body).</li>
 *   <li>{@link TraeModelOutputException}: the service answered, but the model's output was not usable.</li>
 * </ul>
 *
 * Messages say what happened and what to do; they never contain secret values.
 */
public class TraeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraeException(String message) {
        super(message);
    }

    public TraeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether repeating the same call later may succeed. */
    public boolean retryable() {
        return false;
    }
}
