package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TraeLocalExtension.class)
class AuditTest {
    @TempDir
    Path dir;

    private final TraeLocal local;
    private final CloudWatchLogsFake logs;

    AuditTest(TraeLocal local) {
        this.local = local;
        this.logs = local.fake("logs", new CloudWatchLogsFake());
    }

    /** Fast retries and a breaker that does not open during a short outage, so recovery is visible. */
    private dev.trae.aws.core.TraeConfig tolerant() {
        return local.configBuilder().resilience(dev.trae.aws.core.ResiliencePolicy.builder().maxAttempts(2)
                .initialBackoff(java.time.Duration.ofMillis(5)).maxBackoff(java.time.Duration.ofMillis(10))
                .circuitBreaker(99f, 1000, 1000, java.time.Duration.ofMillis(50)).build()).build();
    }

    static AuditEvent event(int i) {
        return AuditEvent.of("kms", "Decrypt", "alias/k" + i).principal("tester").requestId("req-" + i)
                .detail("password", "hunter2-secret").detail("n", Integer.toString(i)).build();
    }

    private Path writeLog(int n) {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.open(file)) {
            for (int i = 0; i < n; i++) {
                log.record(event(i));
            }
        }
        return file;
    }

    @Test
    void verify_whenUntouched_isValidAndReopenContinuesChain() throws Exception {
        Path file = writeLog(5);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        AuditLog.Verification v = AuditLog.verify(file);
        assertThat(v.valid()).isTrue();
        assertThat(v.lines()).isEqualTo(5);
        try (AuditLog log = AuditLog.open(file)) {
            assertThat(log.head()).isEqualTo(v.head());
            log.record(event(5));
        }
        assertThat(AuditLog.verify(file).valid()).isTrue();
        assertThat(AuditLog.verify(file).lines()).isEqualTo(6);
        assertThat(Files.readString(file)).doesNotContain("hunter2-secret");
    }

    @Test
    void verify_whenLineEdited_reportsThatLine() throws Exception {
        Path file = writeLog(5);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(2, lines.get(2).replace("\"result\":\"SUCCESS\"", "\"result\":\"FAILURE\""));
        Files.write(file, lines);
        AuditLog.Verification v = AuditLog.verify(file);
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadLine()).isEqualTo(3);
        assertThat(v.reason()).contains("edited");
    }

    @Test
    void verify_whenLineEditedAndRehashed_breaksNextLink() throws Exception {
        Path file = writeLog(4);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        // an attacker who recomputes the edited line's hash still breaks the next line's prev link
        com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(1));
        o.put("resource", "alias/forged");
        o.remove("hash");
        String h = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(o.toString().getBytes(StandardCharsets.UTF_8)));
        o.put("hash", h);
        lines.set(1, o.toString());
        Files.write(file, lines);
        AuditLog.Verification v = AuditLog.verify(file);
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadLine()).isEqualTo(3);
    }

    @Test
    void verify_whenLineRemovedOrReordered_detects() throws Exception {
        Path file = writeLog(5);
        List<String> original = Files.readAllLines(file);
        List<String> removed = new ArrayList<>(original);
        removed.remove(1);
        Files.write(file, removed);
        assertThat(AuditLog.verify(file).firstBadLine()).isEqualTo(2);

        List<String> swapped = new ArrayList<>(original);
        Collections.swap(swapped, 3, 4);
        Files.write(file, swapped);
        assertThat(AuditLog.verify(file).valid()).isFalse();
        assertThat(AuditLog.verify(file).firstBadLine()).isEqualTo(4);

        List<String> firstGone = new ArrayList<>(original.subList(1, 5));
        Files.write(file, firstGone);
        assertThat(AuditLog.verify(file).firstBadLine()).isEqualTo(1);
    }

    @Test
    void verify_whenTailCut_detectedOnlyWithAnchoredHead() throws Exception {
        Path file = writeLog(5);
        String head = AuditLog.verify(file).head();
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, 4));
        assertThat(AuditLog.verify(file).valid()).isTrue(); // documented limit
        AuditLog.Verification v = AuditLog.verify(file, head);
        assertThat(v.valid()).isFalse();
        assertThat(v.reason()).contains("removed from the end");
    }

    @Test
    void verify_whenGarbageOrPartialLine_reportsIt() throws Exception {
        Path file = writeLog(2);
        Files.writeString(file, "{\"seq\":2,\"trunc", java.nio.file.StandardOpenOption.APPEND);
        AuditLog.Verification v = AuditLog.verify(file);
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadLine()).isEqualTo(3);
        assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("broken audit chain");
        Files.writeString(dir.resolve("x.jsonl"), "[1,2,3]\n");
        assertThat(AuditLog.verify(dir.resolve("x.jsonl")).valid()).isFalse();
    }

    @Test
    void record_whenManyThreads_keepsChainValid() throws Exception {
        Path file = dir.resolve("concurrent.jsonl");
        try (AuditLog log = AuditLog.open(file)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 400; i++) {
                int n = i;
                pool.submit(() -> log.record(event(n)));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        AuditLog.Verification v = AuditLog.verify(file);
        assertThat(v.valid()).isTrue();
        assertThat(v.lines()).isEqualTo(400);
    }

    @Test
    void localKeyring_whenAuditedToLog_producesVerifiableChain() {
        Path file = dir.resolve("kms-audit.jsonl");
        try (AuditLog log = AuditLog.open(file);
             EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"), log)) {
            byte[] box = kms.encrypt("doc".getBytes(), Map.of("doc", "1"));
            kms.decrypt(box, Map.of("doc", "1"));
            assertThatThrownBy(() -> kms.decrypt(box, Map.of("doc", "2"))).isInstanceOf(DecryptionException.class);
            assertThat(log.size()).isEqualTo(3);
        }
        assertThat(AuditLog.verify(file).valid()).isTrue();
    }

    @Test
    void cloudWatchSink_whenBatchFull_shipsJsonEventsInOrder() {
        try (CloudWatchLogsAuditSink cw = CloudWatchLogsAuditSink.create(local.config(), "/trae/audit", "app-1", 3, 100)) {
            for (int i = 0; i < 7; i++) {
                cw.record(event(i));
            }
            assertThat(cw.sent()).isEqualTo(6);
            assertThat(cw.pending()).isEqualTo(1);
        }
        List<String> lines = logs.lines("/trae/audit", "app-1");
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).contains("\"resource\":\"alias/k0\"").contains("\"requestId\":\"req-0\"")
                .doesNotContain("hunter2-secret");
    }

    @Test
    void cloudWatchSink_whenServiceFails_keepsEventsAndDeliversLaterWithoutDuplicates() {
        try (CloudWatchLogsAuditSink cw = CloudWatchLogsAuditSink.create(tolerant(), "/trae/audit2", "s", 2, 100)) {
            local.server("logs").faults().always("PutLogEvents", Fault.status(500, "ServiceUnavailableException"));
            for (int i = 0; i < 4; i++) {
                cw.record(event(i)); // must not throw
            }
            assertThat(cw.sent()).isZero();
            assertThat(cw.pending()).isEqualTo(4);
            local.server("logs").faults().clear();
            assertThat(cw.flush()).isTrue();
            assertThat(cw.sent()).isEqualTo(4);
        }
        assertThat(logs.lines("/trae/audit2", "s")).hasSize(4)
                .extracting(l -> l.replaceAll(".*\"resource\":\"(alias/k\\d)\".*", "$1"))
                .containsExactly("alias/k0", "alias/k1", "alias/k2", "alias/k3");
    }

    @Test
    void cloudWatchSink_whenBufferFull_dropsOldestAndCounts() {
        local.server("logs").faults().always("PutLogEvents", Fault.status(500, "ServiceUnavailableException"));
        try (CloudWatchLogsAuditSink cw = CloudWatchLogsAuditSink.create(tolerant(), "/trae/audit3", "s", 5, 5)) {
            for (int i = 0; i < 8; i++) {
                cw.record(event(i));
            }
            assertThat(cw.dropped()).isEqualTo(3);
            assertThat(cw.pending()).isEqualTo(5);
            local.server("logs").faults().clear();
        }
        assertThat(logs.lines("/trae/audit3", "s")).hasSize(5).first().asString().contains("alias/k3");
    }

    @Test
    void cloudWatchSink_whenBadNames_rejects() {
        assertThatThrownBy(() -> CloudWatchLogsAuditSink.create(local.config(), "bad group!", "s"))
                .isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> CloudWatchLogsAuditSink.create(local.config(), "/g", "a:b"))
                .isInstanceOf(TraeValidationException.class);
    }

    @Test
    void tee_whenOneSinkThrows_othersStillRecord() {
        List<AuditEvent> got = new ArrayList<>();
        AuditSinks.tee(e -> {
            throw new IllegalStateException("boom");
        }, got::add, AuditSinks.slf4jJson()).record(event(1));
        assertThat(got).hasSize(1);
        assertThat(AuditSinks.toJson(event(1))).contains("\"password\":\"****\"");
    }
}
