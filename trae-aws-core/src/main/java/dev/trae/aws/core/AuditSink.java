package dev.trae.aws.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where security-relevant events go. {@code trae-security} adds a hash-chained JSON Lines file, and
 * CloudWatch Logs; core offers a no-op and an slf4j sink. Implementations are thread-safe and must
 * not throw on the caller's path for transient sink failures.
 */
@FunctionalInterface
public interface AuditSink {

    void record(AuditEvent event);

    /** Drops every event. */
    static AuditSink noop() {
        return e -> { };
    }

    /** Logs every event at INFO on the {@code dev.trae.audit} logger. */
    static AuditSink slf4j() {
        Logger log = LoggerFactory.getLogger("dev.trae.audit");
        return e -> log.info("{}", e);
    }
}
