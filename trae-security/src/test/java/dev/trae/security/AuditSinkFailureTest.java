package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing audit sink is never swallowed: fail-closed refuses the operation, spool-and-replay keeps every event. */
class AuditSinkFailureTest {
    @TempDir
    Path dir;

    private final AtomicBoolean down = new AtomicBoolean(true);
    private final List<AuditEvent> delivered = new CopyOnWriteArrayList<>();
    private final AuditSink flaky = e -> {
        if (down.get()) {
            throw new IllegalStateException("sink down");
        }
        delivered.add(e);
    };

    private byte[] envelope() {
        try (EnvelopeKeyProvider quiet = LocalKeyring.createOrLoad(dir.resolve("k"), AuditSink.noop())) {
            return quiet.encrypt("top secret plan".getBytes(), Map.of("doc", "1"));
        }
    }

    @Test
    void throwingSink_failsTheOperationByDefault() {
        byte[] box = envelope();
        try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"), flaky)) {
            assertThatThrownBy(() -> kms.decrypt(box, Map.of("doc", "1"))).isInstanceOf(AuditWriteException.class)
                    .hasMessageNotContaining("top secret");
            assertThatThrownBy(() -> kms.encrypt("x".getBytes(), Map.of("doc", "2"))).isInstanceOf(AuditWriteException.class);
        }
    }

    @Test
    void failClosed_refusesTheOperationAndCounts() {
        byte[] box = envelope();
        AuditSinks.FailClosed sink = AuditSinks.failClosed(flaky);
        try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"), sink)) {
            assertThatThrownBy(() -> kms.decrypt(box, Map.of("doc", "1"))).isInstanceOf(AuditWriteException.class)
                    .hasMessageContaining("fail-closed");
            // a failure of the operation itself keeps its own type; the sink failure rides along as suppressed
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> kms.decrypt(box, Map.of("doc", "other")));
            assertThat(t).isInstanceOf(EncryptionContextMismatchException.class);
            assertThat(t.getSuppressed()).singleElement().isInstanceOf(AuditWriteException.class);
            assertThat(sink.failures()).isEqualTo(2);
            down.set(false);
            assertThat(new String(kms.decrypt(box, Map.of("doc", "1")))).isEqualTo("top secret plan");
            assertThat(delivered).hasSize(1);
        }
    }

    @Test
    void spooling_keepsEventsWhileTheSinkIsDownAndReplaysThemInOrder() throws Exception {
        byte[] box = envelope();
        Path spoolFile = dir.resolve("spool/audit-spool.jsonl");
        SpoolingAuditSink sink = AuditSinks.spooling(flaky, spoolFile);
        try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"), sink)) {
            kms.decrypt(box, Map.of("doc", "1"));
            kms.encrypt("y".getBytes(), Map.of("doc", "2"));
            assertThat(sink.spooled()).isEqualTo(2);
            assertThat(sink.pending()).isEqualTo(2);
            assertThat(delivered).isEmpty();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spoolFile))).isEqualTo("rw-------");
            assertThat(Files.readString(spoolFile)).doesNotContain("top secret");

            // a new sink over the same spool (a restart) replays it first
            down.set(false);
            SpoolingAuditSink restarted = AuditSinks.spooling(flaky, spoolFile);
            restarted.record(AuditEvent.of("app", "Marker", "m").build());
            assertThat(delivered).extracting(AuditEvent::action).containsExactly("Decrypt", "Encrypt", "Marker");
            assertThat(restarted.replayed()).isEqualTo(2);
            assertThat(restarted.pending()).isZero();
            assertThat(Files.exists(spoolFile)).isFalse();
        }
    }

    @Test
    void spooling_whenSpoolUnwritable_failsTheOperation() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        SpoolingAuditSink sink = AuditSinks.spooling(flaky, blocker.resolve("spool.jsonl"));
        assertThatThrownBy(() -> sink.record(AuditEvent.of("kms", "Decrypt", "k").build())).isInstanceOf(AuditWriteException.class);
    }
}
