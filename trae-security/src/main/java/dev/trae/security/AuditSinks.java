package dev.trae.security;

import java.util.List;
import java.util.Objects;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.security.internal.AuditJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit sink helpers. The hash-chained file is {@link AuditLog}, CloudWatch Logs is
 * {@link CloudWatchLogsAuditSink}; core's {@link AuditSink#slf4j()} logs a readable line, and
 * {@link #slf4jJson()} logs the same JSON object the other sinks write.
 *
 * <pre>{@code
 * AuditSink sink = AuditSinks.tee(AuditLog.open(path), AuditSinks.slf4jJson());
 * }</pre>
 */
public final class AuditSinks {
    private static final Logger LOG = LoggerFactory.getLogger(AuditSinks.class);

    private AuditSinks() {
    }

    /** Logs each event as one JSON object at INFO on the {@code dev.trae.audit} logger. */
    public static AuditSink slf4jJson() {
        Logger audit = LoggerFactory.getLogger("dev.trae.audit");
        return e -> audit.info("{}", AuditJson.toJson(e));
    }

    /** Sends each event to every sink; a failing sink does not stop the others. */
    public static AuditSink tee(AuditSink... sinks) {
        List<AuditSink> all = List.of(sinks);
        all.forEach(Objects::requireNonNull);
        return e -> {
            for (AuditSink s : all) {
                try {
                    s.record(e);
                } catch (RuntimeException ex) {
                    LOG.warn("audit sink {} failed: {}", s.getClass().getSimpleName(), ex.getClass().getSimpleName());
                }
            }
        };
    }

    /** The JSON form of an event (as written by the file and CloudWatch sinks, without the chain fields). */
    public static String toJson(AuditEvent e) {
        return AuditJson.toJson(e).toString();
    }
}
