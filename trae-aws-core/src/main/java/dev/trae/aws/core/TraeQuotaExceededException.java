package dev.trae.aws.core;

/**
 * The service refused the call because an account quota is used up ({@code LimitExceededException},
 * {@code ServiceQuotaExceededException}). A quota is not a rate: waiting a few hundred milliseconds does not
 * free it, so the resilience layer never retries this. Raise the quota in Service Quotas, or free capacity
 * (delete unused resources), then call again.
 */
public class TraeQuotaExceededException extends TraeServiceException {
    private static final long serialVersionUID = 1L;
    private final String quota;

    public TraeQuotaExceededException(String message, String service, int statusCode, String requestId,
                                      String errorCode, String quota, Throwable cause) {
        super(message, service, statusCode, requestId, errorCode, false, false, cause);
        this.quota = quota;
    }

    /** The quota the service named (its error message), such as {@code "training-job instance count"}. */
    public String quota() {
        return quota;
    }
}
