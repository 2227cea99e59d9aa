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

    /**
     * Sends each event to every sink; a failing sink does not stop the others, but is not swallowed either: after all
     * sinks were tried, the first failure is thrown as an {@link AuditWriteException} (wrap a sink in
     * {@link #spooling} to keep going while it is down).
     */
    public static AuditSink tee(AuditSink... sinks) {
        List<AuditSink> all = List.of(sinks);
        all.forEach(Objects::requireNonNull);
        return e -> {
            RuntimeException first = null;
            for (AuditSink s : all) {
                try {
                    s.record(e);
                } catch (RuntimeException ex) {
                    LOG.warn("audit sink {} failed: {}", s.getClass().getSimpleName(), ex.getClass().getSimpleName());
                    first = first == null ? ex : first;
                }
            }
            if (first != null) {
                throw first instanceof AuditWriteException w ? w
                        : new AuditWriteException("an audit sink failed to record " + e.service() + ":" + e.action(), first);
            }
        };
    }

    /**
     * Fail-closed: the audited operation fails with {@link AuditWriteException} when {@code sink} cannot record its
     * event (it throws). Failures are counted ({@link FailClosed#failures()}) and logged as warnings.
     */
    public static FailClosed failClosed(AuditSink sink) {
        return new FailClosed(sink);
    }

    /**
     * Spool-and-replay: when {@code sink} throws, the event goes to {@code spoolFile} (JSON Lines, {@code 0600}) and the
     * operation goes on; spooled events are replayed in order, before any new event, as soon as the sink records again.
     * Spooled and replayed events are counted; each spooling is logged as a warning. If the spool itself cannot be
     * written, the operation fails ({@link AuditWriteException}): an event is never dropped silently.
     */
    public static SpoolingAuditSink spooling(AuditSink sink, java.nio.file.Path spoolFile) {
        return new SpoolingAuditSink(sink, spoolFile);
    }

    /** The sink wrapper of {@link #failClosed(AuditSink)}. */
    public static final class FailClosed implements AuditSink {
        private final AuditSink sink;
        private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

        private FailClosed(AuditSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        @Override
        public void record(AuditEvent e) {
            try {
                sink.record(e);
            } catch (RuntimeException ex) {
                failures.incrementAndGet();
                LOG.warn("audit sink {} failed ({}); failing the audited operation {}:{} on {} (fail-closed)",
                        sink.getClass().getSimpleName(), ex.getClass().getSimpleName(), e.service(), e.action(), e.resource());
                throw ex instanceof AuditWriteException w ? w
                        : new AuditWriteException("audit event " + e.service() + ":" + e.action() + " on " + e.resource()
                        + " could not be recorded; the operation is refused (fail-closed)", ex);
            }
        }

        /** Events that could not be recorded (and whose operations failed). */
        public long failures() {
            return failures.get();
        }
    }

    /**
     * Records {@code event} on the path of an audited operation. A sink failure is an {@link AuditWriteException}; when
     * the operation itself already failed with {@code operationError}, the sink failure is attached to it as suppressed
     * (and logged) instead, so the caller sees the operation's own error.
     */
    static void emit(AuditSink sink, AuditEvent event, Throwable operationError) {
        try {
            sink.record(event);
        } catch (RuntimeException ex) {
            AuditWriteException w = ex instanceof AuditWriteException a ? a
                    : new AuditWriteException("audit event " + event.service() + ":" + event.action() + " on " + event.resource()
                    + " could not be recorded", ex);
            if (operationError != null) {
                operationError.addSuppressed(w);
                LOG.warn("audit sink failed ({}) while recording the failure of {}:{}", ex.getClass().getSimpleName(),
                        event.service(), event.action());
                return;
            }
            throw w;
        }
    }

    /** The JSON form of an event (as written by the file and CloudWatch sinks, without the chain fields). */
    public static String toJson(AuditEvent e) {
        return AuditJson.toJson(e).toString();
    }
}
