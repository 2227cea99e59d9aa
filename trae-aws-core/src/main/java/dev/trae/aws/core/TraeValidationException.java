package dev.trae.aws.core;

/**
 * Input was invalid. Always raised before any network call, so nothing was sent and nothing
 * was charged. The message names the offending parameter and what is accepted.
 */
public class TraeValidationException extends TraeClientException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public TraeValidationException(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    public TraeValidationException(String parameter, String message, Throwable cause) {
        super(parameter + ": " + message, cause, false);
        this.parameter = parameter;
    }

    /** The name of the parameter that was rejected. */
    public String parameter() {
        return parameter;
    }
}
