package dev.trae.security;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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
 * An append-only audit log that someone who can write the file, but cannot use the log's {@link AuditKey},
 * cannot rewrite undetected. JSON Lines: a header, then one record per event, each record carrying an
 * HMAC-SHA256 over its content and the previous MAC, keyed with the log's own data key (wrapped by KMS or a
 * keyring in the header). Checkpoints (last sequence number, head MAC, time, and their own MAC) go to an
 * {@link AuditAnchor} outside the log every {@code checkpointEvery} records and on {@link #close()}.
 *
 * <p>{@link #verify(Path, AuditKey, AuditAnchor)} reports the first bad sequence number for a changed, removed,
 * inserted or reordered record, and, against the anchor's latest checkpoint, for records cut from the end or a
 * file that was replaced or deleted.
 *
 * <p>Header: {@code {"format":2,"log":<uuid>,"created":…,"keyProvider":"aws-kms"|"envelope","keyId":…,
 * "wrappedKey":<base64>,"mac":<hex>}}, MAC over {@code "header\n"} and the header without {@code mac}.
 * Record: {@code {"seq":0,"time":…,"principal":…,"service":…,"action":…,"resource":…,"result":…,"requestId":…,
 * "details":{…},"prev":<hex>,"mac":<hex>}}, MAC over the record without {@code mac}; {@code prev} of record 0 is
 * the header's MAC. The file is created {@code 0600}. Thread-safe within one process; one writer per file.
 *
 * <pre>{@code
 * AuditKey key = AuditKey.kms(config, "alias/trae-audit");
 * AuditAnchor anchor = AuditAnchors.s3(config, "audit-anchors", "app-1/");
 * try (AuditLog audit = AuditLog.builder(Path.of("audit/trae-audit.jsonl"), key).anchor(anchor).open()) {
 *     TraeConfig config2 = config.toBuilder().auditSink(audit).build();
 * }
 * AuditLog.Verification v = AuditLog.verify(Path.of("audit/trae-audit.jsonl"), key, anchor);
 * }</pre>
 *
 * <p>{@link #record} throws {@link AuditWriteException} when the line cannot be written (the log is then closed
 * to further writes, since a partial line breaks the chain): the audited operation fails rather than going on
 * unaudited. Wrap it with {@link AuditSinks#spooling} to spool and replay instead.
 */
public final class AuditLog implements AuditSink, AutoCloseable {
    /** The header's {@code format}. */
    public static final int FORMAT = 2;
    /** Default records between two checkpoints. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 100;
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    /**
     * Result of a verification.
     *
     * @param valid       whether the whole log verified (and matched the anchor, if one was given)
     * @param log         the log id from the header (null when there is no readable header)
     * @param records     records in the file (the header not counted)
     * @param firstBadSeq the first sequence number that is wrong or missing; -1 when valid
     * @param reason      why it is broken; null when valid
     * @param head        MAC of the last record (of the header for an empty log); null when broken
     * @param anchoredSeq sequence number of the anchor's latest checkpoint; -1 without one
     */
    public record Verification(boolean valid, String log, long records, long firstBadSeq, String reason, String head,
                               long anchoredSeq) {
        @Override
        public String toString() {
            return valid ? "audit chain valid: " + records + " record(s) of log " + log + ", head " + head.substring(0, 16) + "…"
                    + (anchoredSeq >= 0 ? ", anchored through seq " + anchoredSeq : ", no anchor checked")
                    : "audit chain BROKEN at seq " + firstBadSeq + ": " + reason;
        }
    }

    /** Options of a log; {@link #open()} opens it. */
    public static final class Builder {
        private final Path file;
        private final AuditKey key;
        private AuditAnchor anchor;
        private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
        private boolean sync;

        private Builder(Path file, AuditKey key) {
            this.file = Objects.requireNonNull(file, "file");
            this.key = Objects.requireNonNull(key, "key");
        }

        /** Where checkpoints go (and what opening the log is checked against). */
        public Builder anchor(AuditAnchor anchor) {
            this.anchor = Objects.requireNonNull(anchor, "anchor");
            return this;
        }

        /** Records between checkpoints (default {@value #DEFAULT_CHECKPOINT_EVERY}); records after the last one can be cut unseen. */
        public Builder checkpointEvery(int records) {
            if (records < 1) {
                throw new TraeValidationException("checkpointEvery", "must be at least 1");
            }
            this.checkpointEvery = records;
            return this;
        }

        /** Forces every line to disk before {@link AuditLog#record} returns. */
        public Builder sync(boolean sync) {
            this.sync = sync;
            return this;
        }

        /**
         * Opens the log, creating it (with a new data key from the {@link AuditKey}) when the file is absent or empty.
         * Refuses a log that does not verify, and a missing log whose anchor already holds checkpoints.
         */
        public AuditLog open() {
            try {
                return new AuditLog(this);
            } catch (IOException e) {
                throw new UncheckedIOException("could not open audit log " + file, e);
            }
        }
    }

    /** A verification plus the unwrapped key, for the writer. */
    private record Walk(Verification v, byte[] key) {
    }

    private final Path file;
    private final AuditAnchor anchor;
    private final int checkpointEvery;
    private final boolean sync;
    private final byte[] key;
    private final String logId;
    private final BufferedWriter writer;
    private final FileChannel channel;
    private final java.nio.channels.FileLock lock;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong anchorFailures = new AtomicLong();
    private long seq;
    private String head;
    private int sinceCheckpoint;
    private boolean broken;
    private boolean closed;

    private AuditLog(Builder b) throws IOException {
        this.file = b.file;
        this.anchor = b.anchor;
        this.checkpointEvery = b.checkpointEvery;
        this.sync = b.sync;
        // one writer per log: a second one (another process, or another AuditLog in this JVM) would continue the
        // chain from a head it read before the first one's appends, and the log would no longer verify. The lock is
        // on a sibling file that nothing else opens (closing any descriptor of a locked file drops a POSIX lock).
        this.lock = lock(file);
        FileChannel ch = null;
        try {
            boolean empty = !Files.exists(file) || Files.size(file) == 0;
            if (empty) {
                Optional<AuditCheckpoint> anchored = anchor == null ? Optional.empty() : anchor.latest();
                if (anchored.isPresent()) {
                    throw new TraeValidationException("file", file + " is missing or empty but " + anchor + " holds checkpoints of log "
                            + anchored.get().log() + " through seq " + anchored.get().seq() + ": the log may have been deleted. "
                            + "Investigate; a new log needs a new anchor location");
                }
                if (!Files.exists(file)) {
                    try {
                        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    } catch (UnsupportedOperationException e) {
                        Files.createFile(file);
                    }
                }
                this.logId = UUID.randomUUID().toString();
                AuditKey.DataKey dk = b.key.create(logId);
                this.key = dk.plaintext();
                ObjectNode header = AuditJson.MAPPER.createObjectNode();
                header.put("format", FORMAT).put("log", logId).put("created", Instant.now().toString())
                        .put("keyProvider", b.key.provider()).put("keyId", dk.keyId()).put("wrappedKey", dk.wrapped());
                this.head = AuditKey.mac(key, "header\n" + header);
                header.put("mac", head);
                this.seq = 0;
                ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                this.channel = ch;
                this.writer = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
                writer.write(header.toString());
                writer.write('\n');
                writer.flush();
                channel.force(false);
            } else {
                Walk w = walk(file, b.key, anchor);
                if (!w.v().valid()) {
                    AuditKey.wipe(w.key());
                    throw new TraeValidationException("file", "refusing to append to a broken audit log (" + w.v()
                            + "); move the file aside for investigation and start a new one");
                }
                this.key = w.key();
                this.logId = w.v().log();
                this.seq = w.v().records();
                this.head = w.v().head();
                ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                this.channel = ch;
                this.writer = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            lock.channel().close(); // releases the lock
            throw e;
        }
    }

    /** The lock file of an audit log: the log's name with {@code .lock} added, beside it. */
    static Path lockFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * Takes the exclusive writer's lock of the log at {@code file} ({@link #lockFile}), held until {@link #close()};
     * refuses a log whose lock another writer holds.
     */
    private static java.nio.channels.FileLock lock(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(lockFile(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new TraeValidationException("file", "audit log " + file + " is open for writing elsewhere (another process, or "
                    + "another AuditLog in this JVM): a log has one writer, or its chain breaks; give each writer its own file");
        }
        return lock;
    }

    /** A builder for the log at {@code file} keyed by {@code key}. */
    public static Builder builder(Path file, AuditKey key) {
        return new Builder(file, key);
    }

    /** Opens (creating if needed) a log without an anchor: tail cuts are then not detectable. */
    public static AuditLog open(Path file, AuditKey key) {
        return builder(file, key).open();
    }

    /**
     * Appends one event; every {@code checkpointEvery} records also publishes a checkpoint.
     *
     * @throws AuditWriteException when the line could not be written (the log refuses further writes)
     */
    @Override
    public synchronized void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (broken || closed) {
            failures.incrementAndGet();
            throw new AuditWriteException("audit log " + file + " is " + (closed ? "closed" : "broken by an earlier write failure")
                    + "; event " + event.service() + ":" + event.action() + " on " + event.resource() + " not recorded", null);
        }
        ObjectNode line = AuditJson.MAPPER.createObjectNode();
        line.put("seq", seq);
        line.setAll(AuditJson.toJson(event));
        line.put("prev", head);
        String mac = AuditKey.mac(key, line.toString());
        line.put("mac", mac);
        try {
            writer.write(line.toString());
            writer.write('\n');
            writer.flush();
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            broken = true;
            failures.incrementAndGet();
            LOG.warn("audit log {} write failed ({}); event {}:{} on {} not recorded; the log refuses further writes", file,
                    e.getClass().getSimpleName(), event.service(), event.action(), event.resource());
            throw new AuditWriteException("could not write audit event " + event.service() + ":" + event.action() + " on "
                    + event.resource() + " to " + file, e);
        }
        seq++;
        head = mac;
        if (anchor != null && ++sinceCheckpoint >= checkpointEvery) {
            checkpoint();
        }
    }

    /**
     * Publishes a checkpoint of the current head to the anchor now (no-op without an anchor or records). A failure
     * is logged and counted in {@link #anchorFailures()}; the next checkpoint supersedes it.
     */
    public synchronized void checkpoint() {
        if (anchor == null || seq == 0) {
            return;
        }
        AuditCheckpoint c = AuditCheckpoint.sign(key, logId, seq - 1, head, Instant.now());
        try {
            anchor.publish(c);
            sinceCheckpoint = 0;
        } catch (RuntimeException e) {
            anchorFailures.incrementAndGet();
            LOG.warn("audit checkpoint of {} at seq {} could not be written to {} ({}); records since the last checkpoint "
                    + "can be cut from the file unseen until one succeeds", file, seq - 1, anchor, e.getClass().getSimpleName());
        }
    }

    /** MAC of the last record (of the header for an empty log). */
    public synchronized String head() {
        return head;
    }

    /** Number of records in the log. */
    public synchronized long size() {
        return seq;
    }

    /** This log's id (from its header). */
    public String logId() {
        return logId;
    }

    /** Writes that failed. */
    public long failures() {
        return failures.get();
    }

    /** Checkpoints that could not be published. */
    public long anchorFailures() {
        return anchorFailures.get();
    }

    public Path file() {
        return file;
    }

    /** Verifies the log's chain with its key (no anchor: records cut from the end are not detected). */
    public static Verification verify(Path file, AuditKey key) {
        return verify(file, key, null);
    }

    /** Verifies the log's chain with its key, and against the anchor's latest checkpoint when {@code anchor} is not null. */
    public static Verification verify(Path file, AuditKey key, AuditAnchor anchor) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Walk w = walk(file, key, anchor);
        AuditKey.wipe(w.key());
        return w.v();
    }

    private static Walk walk(Path file, AuditKey auditKey, AuditAnchor anchor) {
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read audit log " + file, e);
        }
        Optional<AuditCheckpoint> anchored = anchor == null ? Optional.empty() : anchor.latest();
        long anchoredSeq = anchored.map(AuditCheckpoint::seq).orElse(-1L);
        if (lines.isEmpty()) {
            return anchored.isPresent()
                    ? bad(null, 0, 0, "the log is missing or empty but the anchor holds log " + anchored.get().log()
                    + " through seq " + anchoredSeq + ": it was deleted or truncated", anchoredSeq)
                    : new Walk(new Verification(true, null, 0, -1, null, null, -1), null);
        }
        long records = lines.size() - 1L;
        JsonNode header = json(lines.get(0));
        if (header == null || header.path("format").asInt(-1) != FORMAT || !header.path("log").isTextual()
                || !header.path("keyProvider").isTextual() || !header.path("keyId").isTextual()
                || !header.path("wrappedKey").isTextual() || !header.path("mac").isTextual()) {
            return bad(null, records, 0, "no keyed header (format " + FORMAT + "): not a Trae audit log, or its header was edited",
                    anchoredSeq);
        }
        String logId = header.get("log").asText();
        byte[] key = auditKey.unwrap(header.get("keyProvider").asText(), header.get("keyId").asText(),
                header.get("wrappedKey").asText(), logId);
        if (key == null) {
            return bad(logId, records, 0, "the header's chain key does not unwrap with " + auditKey
                    + ": the log was made with another key, or its header was edited", anchoredSeq);
        }
        ObjectNode h = (ObjectNode) header;
        String headerMac = h.remove("mac").asText();
        String head = AuditKey.mac(key, "header\n" + h);
        if (!AuditKey.sameMac(head, headerMac)) {
            return bad(logId, records, 0, "the header does not match its MAC: it was edited", anchoredSeq, key);
        }
        AuditCheckpoint cp = anchored.orElse(null);
        if (cp != null && !cp.log().equals(logId)) {
            return bad(logId, records, 0, "this file is log " + logId + " but the anchor's latest checkpoint is of log " + cp.log()
                    + ": the file was replaced", anchoredSeq, key);
        }
        if (cp != null && !cp.verifies(key)) {
            return bad(logId, records, cp.seq(), "the anchor's latest checkpoint (seq " + cp.seq()
                    + ") does not carry a valid MAC: it was forged or edited", anchoredSeq, key);
        }
        for (int i = 1; i < lines.size(); i++) {
            long expected = i - 1L;
            JsonNode node = json(lines.get(i));
            if (node == null || !node.isObject() || !node.path("mac").isTextual() || !node.path("seq").isIntegralNumber()) {
                return bad(logId, records, expected, "line " + (i + 1) + " is not an audit record (edited or partly written)",
                        anchoredSeq, key);
            }
            ObjectNode o = (ObjectNode) node;
            long s = o.get("seq").asLong();
            if (s != expected) {
                return bad(logId, records, expected, s > expected
                        ? "record " + expected + " is missing (found seq " + s + " in its place): a record was removed or moved"
                        : "found seq " + s + " where " + expected + " was expected: a record was moved or inserted", anchoredSeq, key);
            }
            if (!head.equals(o.path("prev").asText())) {
                return bad(logId, records, expected, "does not link to the previous record: a record was removed, moved or inserted",
                        anchoredSeq, key);
            }
            String stored = o.remove("mac").asText();
            String actual = AuditKey.mac(key, o.toString());
            if (!AuditKey.sameMac(stored, actual)) {
                return bad(logId, records, expected, "content does not match its MAC: the record was edited", anchoredSeq, key);
            }
            head = stored;
            if (cp != null && s == cp.seq() && !AuditKey.sameMac(stored, cp.head())) {
                return bad(logId, records, s, "differs from the head anchored at " + cp.time() + ": the log was rewritten",
                        anchoredSeq, key);
            }
        }
        if (cp != null && records <= cp.seq()) {
            return bad(logId, records, records, "records " + records + " to " + cp.seq() + " are missing from the end (anchored at "
                    + cp.time() + "): the log was cut", anchoredSeq, key);
        }
        return new Walk(new Verification(true, logId, records, -1, null, head, anchoredSeq), key);
    }

    private static Walk bad(String log, long records, long seq, String reason, long anchoredSeq) {
        return new Walk(new Verification(false, log, records, seq, reason, null, anchoredSeq), null);
    }

    private static Walk bad(String log, long records, long seq, String reason, long anchoredSeq, byte[] key) {
        AuditKey.wipe(key);
        return bad(log, records, seq, reason, anchoredSeq);
    }

    private static JsonNode json(String line) {
        try {
            JsonNode n = AuditJson.MAPPER.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Publishes a final checkpoint (with an anchor), closes the file and forgets the key. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (anchor != null && sinceCheckpoint > 0 && !broken) {
            checkpoint();
        }
        closed = true;
        try {
            writer.close();
        } catch (IOException e) {
            LOG.warn("closing audit log {} failed: {}", file, e.getClass().getSimpleName());
        }
        try {
            lock.channel().close(); // releases the writer's lock
        } catch (IOException e) {
            LOG.warn("releasing the lock of audit log {} failed: {}", file, e.getClass().getSimpleName());
        }
        AuditKey.wipe(key);
    }

    @Override
    public String toString() {
        return "AuditLog[" + file + ", log=" + logId + ", records=" + seq + "]";
    }
}
