package dev.trae.aws.core;

/** The work was cancelled by the caller; what was completed before has been kept. */
public class TraeCancelledException extends TraeClientException {
    private static final long serialVersionUID = 1L;

    public TraeCancelledException(String message) {
        super(message);
    }

    /** A cancellation that surfaced as another failure in the work (an interrupted call, a closed stream): {@code cause}. */
    public TraeCancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
