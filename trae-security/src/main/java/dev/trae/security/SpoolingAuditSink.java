package dev.trae.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.security.internal.AuditJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spool-and-replay around a sink that may fail (see {@link AuditSinks#spooling}). Events the sink refuses are appended
 * to a local JSON Lines spool ({@code 0600}); they are replayed in order before the next event, or on {@link #replay()}.
 * Survives restarts: an existing spool is replayed first. Thread-safe.
 *
 * <pre>{@code
 * SpoolingAuditSink audit = AuditSinks.spooling(cloudWatchSink, Path.of("/var/spool/trae/audit.jsonl"));
 * TraeConfig config = base.toBuilder().auditSink(audit).build();
 * }</pre>
 */
public final class SpoolingAuditSink implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolingAuditSink.class);

    private final AuditSink sink;
    private final Path spool;
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();

    SpoolingAuditSink(AuditSink sink, Path spool) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.spool = Objects.requireNonNull(spool, "spoolFile").toAbsolutePath();
    }

    @Override
    public synchronized void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (pending() > 0 && !replay()) {
            append(event, null);
            return;
        }
        try {
            sink.record(event);
        } catch (RuntimeException e) {
            append(event, e);
        }
    }

    /** Replays the spool in order; returns whether it is now empty (false when the sink still fails). */
    public synchronized boolean replay() {
        if (!Files.exists(spool)) {
            return true;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(spool, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AuditWriteException("could not read the audit spool " + spool, e);
        }
        int done = 0;
        try {
            for (String line : lines) {
                if (!line.isBlank()) {
                    JsonNode n = AuditJson.MAPPER.readTree(line);
                    sink.record(AuditJson.fromJson(n));
                    replayed.incrementAndGet();
                }
                done++;
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("audit spool {} line {} is unreadable ({}); it is kept for inspection", spool, done + 1, e.getClass().getSimpleName());
            rewrite(lines.subList(done, lines.size()));
            return false;
        } catch (RuntimeException e) {
            rewrite(lines.subList(done, lines.size()));
            return false;
        }
        rewrite(List.of());
        return true;
    }

    private void rewrite(List<String> remaining) {
        try {
            if (remaining.isEmpty()) {
                Files.deleteIfExists(spool);
            } else {
                Path tmp = spool.resolveSibling(spool.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                create(tmp);
                Files.write(tmp, remaining, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                Files.move(tmp, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new AuditWriteException("could not update the audit spool " + spool, e);
        }
    }

    private void append(AuditEvent event, RuntimeException cause) {
        try {
            if (!Files.exists(spool)) {
                Files.createDirectories(spool.getParent());
                create(spool);
            }
            Files.writeString(spool, AuditJson.toJson(event) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new AuditWriteException("audit sink failed and the event " + event.service() + ":" + event.action()
                    + " could not be spooled to " + spool, e);
        }
        long n = spooled.incrementAndGet();
        LOG.warn("audit sink {} failed ({}); event {}:{} on {} spooled to {} ({} spooled so far, {} waiting)",
                sink.getClass().getSimpleName(), cause == null ? "earlier events still waiting" : cause.getClass().getSimpleName(),
                event.service(), event.action(), event.resource(), spool, n, pending());
    }

    private static void create(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    /** Events spooled since creation. */
    public long spooled() {
        return spooled.get();
    }

    /** Events replayed from the spool since creation. */
    public long replayed() {
        return replayed.get();
    }

    /** Events waiting in the spool. */
    public synchronized long pending() {
        if (!Files.exists(spool)) {
            return 0;
        }
        try (var lines = Files.lines(spool, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "SpoolingAuditSink[" + sink.getClass().getSimpleName() + ", spool " + spool + "]";
    }
}
