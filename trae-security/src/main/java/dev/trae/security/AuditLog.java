package dev.trae.security;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.security.internal.AuditJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tamper-evident, append-only audit log: one JSON object per line (JSON Lines), each carrying its
 * sequence number, the hash of the previous line and its own SHA-256 hash over its content and that
 * link. {@link #verify(Path)} recomputes the chain and reports the first line that was edited,
 * removed, inserted or moved. Removing lines from the end cannot be seen from the file alone: keep
 * the {@link #head()} hash somewhere else (another sink, a ticket, CloudWatch Logs) and check it with
 * {@link #verify(Path, String)}.
 *
 * <p>Line shape: {@code {"seq":0,"time":…,"principal":…,"service":…,"action":…,"resource":…,
 * "result":…,"requestId":…,"details":{…},"prev":"<64 hex>","hash":"<64 hex>"}} where {@code hash} is
 * SHA-256 of the line's JSON without the {@code hash} field. The file is created {@code 0600}.
 * Thread-safe within one process; one writer per file.
 *
 * <pre>{@code
 * try (AuditLog audit = AuditLog.open(Path.of("audit/trae-audit.jsonl"))) {
 *     TraeConfig config = TraeConfig.builder().auditSink(audit).build();
 *     ...
 * }
 * AuditLog.Verification v = AuditLog.verify(Path.of("audit/trae-audit.jsonl"));
 * }</pre>
 */
public final class AuditLog implements AuditSink, AutoCloseable {
    /** The {@code prev} of the first line. */
    public static final String GENESIS = "0".repeat(64);
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    /** Result of {@link #verify(Path)}: valid, or the first bad line (1-based) and why. */
    public record Verification(boolean valid, long lines, long firstBadLine, String reason, String head) {
        @Override
        public String toString() {
            return valid ? "audit chain valid: " + lines + " line(s), head " + head
                    : "audit chain BROKEN at line " + firstBadLine + ": " + reason;
        }
    }

    private final Path file;
    private final BufferedWriter writer;
    private final FileChannel channel;
    private final boolean sync;
    private final AtomicLong failures = new AtomicLong();
    private long seq;
    private String head;

    private AuditLog(Path file, boolean sync) throws IOException {
        this.file = file;
        this.sync = sync;
        Verification v = verify(file);
        if (!v.valid()) {
            throw new TraeValidationException("file", "refusing to append to a broken audit chain (" + v
                    + "); move the file aside for investigation and start a new one");
        }
        this.seq = v.lines();
        this.head = v.head();
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        }
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.writer = new BufferedWriter(java.nio.channels.Channels.newWriter(channel, StandardCharsets.UTF_8));
    }

    /** Opens (creating if needed) the log and continues its chain; refuses a file whose chain is broken. */
    public static AuditLog open(Path file) {
        return open(file, false);
    }

    /** As {@link #open(Path)}; with {@code sync}, every line is forced to disk before {@link #record} returns. */
    public static AuditLog open(Path file, boolean sync) {
        Objects.requireNonNull(file, "file");
        try {
            return new AuditLog(file, sync);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open audit log " + file, e);
        }
    }

    /** Appends one event. Never throws for I/O trouble: it logs, counts it in {@link #failures()}, and goes on. */
    @Override
    public synchronized void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        ObjectNode line = AuditJson.MAPPER.createObjectNode();
        line.put("seq", seq);
        line.setAll(AuditJson.toJson(event));
        line.put("prev", head);
        String hash = hash(line);
        line.put("hash", hash);
        try {
            writer.write(line.toString());
            writer.write('\n');
            writer.flush();
            if (sync) {
                channel.force(false);
            }
            seq++;
            head = hash;
        } catch (IOException e) {
            failures.incrementAndGet();
            LOG.warn("audit log {} write failed ({}); event {}:{} on {} not recorded", file, e.getClass().getSimpleName(),
                    event.service(), event.action(), event.resource());
        }
    }

    /** Hash of the last line written ({@link #GENESIS} for an empty log): anchor it elsewhere. */
    public synchronized String head() {
        return head;
    }

    /** Number of lines in the log. */
    public synchronized long size() {
        return seq;
    }

    /** Writes that failed. */
    public long failures() {
        return failures.get();
    }

    public Path file() {
        return file;
    }

    /** Verifies the whole chain of a log file (an absent file is a valid empty log). */
    public static Verification verify(Path file) {
        if (!Files.exists(file)) {
            return new Verification(true, 0, 0, null, GENESIS);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read audit log " + file, e);
        }
        String prev = GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            long n = i + 1L;
            JsonNode node;
            try {
                node = AuditJson.MAPPER.readTree(lines.get(i));
            } catch (IOException e) {
                return new Verification(false, lines.size(), n, "not valid JSON (edited or partly written)", null);
            }
            if (node == null || !node.isObject() || !node.path("hash").isTextual() || !node.path("seq").isIntegralNumber()) {
                return new Verification(false, lines.size(), n, "not an audit line (no seq/hash)", null);
            }
            ObjectNode o = (ObjectNode) node;
            if (o.get("seq").asLong() != i) {
                return new Verification(false, lines.size(), n, "sequence " + o.get("seq").asLong() + " where " + i
                        + " was expected: a line was removed, inserted or moved", null);
            }
            if (!prev.equals(o.path("prev").asText())) {
                return new Verification(false, lines.size(), n, "does not link to the previous line: a line was removed or moved", null);
            }
            String stored = o.remove("hash").asText();
            String actual = hash(o);
            if (!stored.equals(actual)) {
                return new Verification(false, lines.size(), n, "content does not match its hash: the line was edited", null);
            }
            prev = stored;
        }
        return new Verification(true, lines.size(), 0, null, prev);
    }

    /** Verifies the chain and that it ends at {@code expectedHead} (detects lines cut from the end). */
    public static Verification verify(Path file, String expectedHead) {
        Verification v = verify(file);
        if (v.valid() && !v.head().equals(expectedHead)) {
            return new Verification(false, v.lines(), v.lines() + 1, "chain ends at " + v.head()
                    + " but the anchored head is " + expectedHead + ": lines were removed from the end", null);
        }
        return v;
    }

    private static String hash(ObjectNode withoutHash) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(withoutHash.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            LOG.warn("closing audit log {} failed: {}", file, e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "AuditLog[" + file + ", lines=" + seq + "]";
    }
}
