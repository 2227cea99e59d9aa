package dev.trae.security;

import dev.trae.aws.core.TraeClientException;

/**
 * An audit event could not be written. Thrown by {@link AuditLog} and by {@link AuditSinks#failClosed} so
 * that the audited operation fails instead of going on unaudited. The message names the sink and the event's
 * service, action and resource, never secret values.
 */
public final class AuditWriteException extends TraeClientException {
    private static final long serialVersionUID = 1L;

    public AuditWriteException(String message, Throwable cause) {
        super(message, cause, true);
    }
}
