package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.TraeValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyed audit chain against an attacker who can write the log file (and the anchor store) but cannot use
 * the chain key: each attack must fail verification at the right sequence number.
 */
class AuditChainTest {
    @TempDir
    Path dir;

    private EnvelopeKeyProvider keyring;
    private AuditKey key;
    private AuditAnchor anchor;
    private Path file;

    @BeforeEach
    void setUp() {
        keyring = LocalKeyring.createOrLoad(dir.resolve("audit.key"), AuditSink.noop());
        key = AuditKey.wrappedBy(keyring);
        anchor = AuditAnchors.inMemory();
        file = dir.resolve("audit.jsonl");
    }

    static AuditEvent event(int i) {
        return AuditEvent.of("kms", "Decrypt", "alias/k" + i).principal("tester").requestId("req-" + i)
                .detail("password", "hunter2-secret").detail("n", Integer.toString(i)).build();
    }

    private void writeLog(int n) {
        try (AuditLog log = AuditLog.builder(file, key).anchor(anchor).open()) {
            for (int i = 0; i < n; i++) {
                log.record(event(i));
            }
        }
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(file));
    }

    private AuditLog.Verification verify() {
        return AuditLog.verify(file, key, anchor);
    }

    @Test
    void verify_whenUntouched_isValidAndReopenContinuesChain() throws Exception {
        writeLog(5);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        AuditLog.Verification v = verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.records()).isEqualTo(5);
        assertThat(v.anchoredSeq()).isEqualTo(4);
        try (AuditLog log = AuditLog.builder(file, key).anchor(anchor).open()) {
            assertThat(log.head()).isEqualTo(v.head());
            log.record(event(5));
        }
        assertThat(verify().valid()).isTrue();
        assertThat(verify().records()).isEqualTo(6);
        assertThat(verify().anchoredSeq()).isEqualTo(5);
        assertThat(Files.readString(file)).doesNotContain("hunter2-secret");
    }

    /** The review's probe: DENIED to SUCCESS and alice to bob, then the plain SHA-256 chain recomputed. */
    @Test
    void verify_whenRecordRewrittenAndChainRecomputedWithoutKey_reportsThatRecord() throws Exception {
        try (AuditLog log = AuditLog.builder(file, key).anchor(anchor).open()) {
            log.record(AuditEvent.of("kms", "Decrypt", "k1").principal("carol").build());
            log.record(AuditEvent.of("kms", "Decrypt", "k1").principal("alice").result("DENIED").build());
            log.record(AuditEvent.of("kms", "Decrypt", "k2").principal("carol").build());
        }
        ObjectMapper m = new ObjectMapper();
        List<String> in = lines();
        List<String> out = new ArrayList<>(List.of(in.get(0)));
        String prev = m.readTree(in.get(0)).get("mac").asText();
        for (String l : in.subList(1, in.size())) {
            ObjectNode o = (ObjectNode) m.readTree(l.replace("DENIED", "SUCCESS").replace("alice", "bob"));
            o.remove("mac");
            o.put("prev", prev);
            prev = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(o.toString().getBytes(StandardCharsets.UTF_8)));
            o.put("mac", prev);
            out.add(o.toString());
        }
        Files.write(file, out);
        AuditLog.Verification v = verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isZero(); // the recomputed "MAC" of record 0 already fails
        assertThat(v.toString()).contains("BROKEN at seq 0");

        // the same edit without touching the MACs: record 1 is reported
        writeFresh();
        try (AuditLog log = AuditLog.open(file, key)) {
            log.record(AuditEvent.of("kms", "Decrypt", "k1").principal("carol").build());
            log.record(AuditEvent.of("kms", "Decrypt", "k1").principal("alice").result("DENIED").build());
        }
        Files.write(file, lines().stream().map(l -> l.replace("DENIED", "SUCCESS").replace("alice", "bob")).toList());
        AuditLog.Verification v2 = AuditLog.verify(file, key);
        assertThat(v2.firstBadSeq()).isEqualTo(1);
        assertThat(v2.reason()).contains("edited");
    }

    private void writeFresh() throws Exception {
        Files.delete(file);
        anchor = AuditAnchors.inMemory();
    }

    @Test
    void verify_whenRecordRemoved_reportsTheMissingSeq() throws Exception {
        writeLog(5);
        List<String> l = lines();
        l.remove(3); // record seq 2
        Files.write(file, l);
        AuditLog.Verification v = verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(2);
        assertThat(v.reason()).contains("record 2 is missing");
    }

    @Test
    void verify_whenRecordRemovedAndRenumbered_reportsTheFirstRenumbered() throws Exception {
        writeLog(5);
        List<String> l = lines();
        l.remove(3);
        for (int i = 3; i < l.size(); i++) {
            l.set(i, l.get(i).replace("\"seq\":" + i, "\"seq\":" + (i - 1)));
        }
        Files.write(file, l);
        AuditLog.Verification v = verify();
        assertThat(v.firstBadSeq()).isEqualTo(2);
        assertThat(v.valid()).isFalse();
    }

    @Test
    void verify_whenRecordsReordered_reportsTheFirstMoved() throws Exception {
        writeLog(5);
        List<String> l = lines();
        Collections.swap(l, 2, 3); // seq 1 and 2
        Files.write(file, l);
        AuditLog.Verification v = verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(1);
    }

    @Test
    void verify_whenTailCut_detectedAgainstTheAnchorOnly() throws Exception {
        writeLog(5);
        List<String> l = lines();
        Files.write(file, l.subList(0, 4)); // header + seq 0..2
        assertThat(AuditLog.verify(file, key).valid()).isTrue(); // the file alone cannot show it: documented
        AuditLog.Verification v = verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(3);
        assertThat(v.reason()).contains("records 3 to 4 are missing from the end");
        assertThatThrownBy(() -> AuditLog.builder(file, key).anchor(anchor).open()).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("broken audit log");
    }

    @Test
    void verify_whenFileDeletedOrReplacedByAnotherLog_detectedAgainstTheAnchor() throws Exception {
        writeLog(3);
        Files.delete(file);
        assertThat(verify().valid()).isFalse();
        assertThat(verify().reason()).contains("missing or empty");
        assertThatThrownBy(() -> AuditLog.builder(file, key).anchor(anchor).open()).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("may have been deleted");
        // a brand-new log under the same key (only the key holder can make one) is still not the anchored log
        try (AuditLog other = AuditLog.open(file, key)) {
            other.record(event(9));
        }
        assertThat(verify().valid()).isFalse();
        assertThat(verify().reason()).contains("the file was replaced");
    }

    @Test
    void verify_whenLogMadeWithAnotherKey_refusedAtTheHeader() throws Exception {
        EnvelopeKeyProvider attackerKeyring = LocalKeyring.createOrLoad(dir.resolve("attacker.key"), AuditSink.noop());
        try (AuditLog forged = AuditLog.open(file, AuditKey.wrappedBy(attackerKeyring))) {
            forged.record(event(1));
        }
        AuditLog.Verification v = AuditLog.verify(file, key);
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isZero();
        assertThat(v.reason()).contains("does not unwrap");
        // a header re-pointed at the real key id but keeping the attacker's wrapped key does not unwrap either
        List<String> l = lines();
        l.set(0, l.get(0).replace(attackerKeyring.keyId(), keyring.keyId()));
        Files.write(file, l);
        assertThat(AuditLog.verify(file, key).reason()).contains("does not unwrap");
    }

    @Test
    void verify_whenAnchorForgedWithoutKey_reportsIt() throws Exception {
        writeLog(3);
        AuditCheckpoint real = anchor.latest().orElseThrow();
        anchor.publish(new AuditCheckpoint(real.log(), 1, real.head(), Instant.now(), "00".repeat(32)));
        AuditLog.Verification v = verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.reason()).contains("forged");
    }

    @Test
    void verify_whenHeaderDowngradedToUnkeyedFormat_refused() throws Exception {
        writeLog(2);
        List<String> l = lines();
        l.set(0, l.get(0).replace("\"format\":2", "\"format\":1"));
        Files.write(file, l);
        assertThat(verify().firstBadSeq()).isZero();
        l.remove(0);
        Files.write(file, l);
        assertThat(verify().valid()).isFalse();
        assertThat(verify().reason()).contains("no keyed header");
    }

    @Test
    void verify_whenGarbageOrPartialLine_reportsIt() throws Exception {
        writeLog(2);
        Files.writeString(file, "{\"seq\":2,\"trunc", java.nio.file.StandardOpenOption.APPEND);
        AuditLog.Verification v = AuditLog.verify(file, key);
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(2);
        assertThatThrownBy(() -> AuditLog.open(file, key)).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("broken audit log");
        Files.writeString(dir.resolve("x.jsonl"), "[1,2,3]\n");
        assertThat(AuditLog.verify(dir.resolve("x.jsonl"), key).valid()).isFalse();
    }

    @Test
    void checkpoint_everyNRecords_publishesSignedCheckpoints() {
        List<AuditCheckpoint> published = new ArrayList<>();
        AuditAnchor counting = new AuditAnchor() {
            @Override
            public void publish(AuditCheckpoint c) {
                published.add(c);
                anchor.publish(c);
            }

            @Override
            public java.util.Optional<AuditCheckpoint> latest() {
                return anchor.latest();
            }
        };
        try (AuditLog log = AuditLog.builder(file, key).anchor(counting).checkpointEvery(3).open()) {
            for (int i = 0; i < 7; i++) {
                log.record(event(i));
            }
            assertThat(published).extracting(AuditCheckpoint::seq).containsExactly(2L, 5L);
        }
        assertThat(published).extracting(AuditCheckpoint::seq).containsExactly(2L, 5L, 6L);
        assertThat(AuditCheckpoint.parse(published.get(0).toJson())).contains(published.get(0));
    }

    @Test
    void checkpoint_whenAnchorFails_countsAndRecordingGoesOn() {
        AuditAnchor failing = new AuditAnchor() {
            @Override
            public void publish(AuditCheckpoint c) {
                throw new IllegalStateException("anchor down");
            }

            @Override
            public java.util.Optional<AuditCheckpoint> latest() {
                return java.util.Optional.empty();
            }
        };
        try (AuditLog log = AuditLog.builder(file, key).anchor(failing).checkpointEvery(1).open()) {
            log.record(event(1));
            log.record(event(2));
            assertThat(log.anchorFailures()).isEqualTo(2);
            assertThat(log.size()).isEqualTo(2);
        }
    }

    @Test
    void record_whenManyThreads_keepsChainValid() throws Exception {
        try (AuditLog log = AuditLog.builder(file, key).anchor(anchor).checkpointEvery(50).open()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 400; i++) {
                int n = i;
                pool.submit(() -> log.record(event(n)));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        AuditLog.Verification v = verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.records()).isEqualTo(400);
        assertThat(v.anchoredSeq()).isEqualTo(399);
    }

    @Test
    void localKeyring_whenAuditedToLog_producesVerifiableChain() {
        try (AuditLog log = AuditLog.open(file, key);
             EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"), log)) {
            byte[] box = kms.encrypt("doc".getBytes(), Map.of("doc", "1"));
            kms.decrypt(box, Map.of("doc", "1"));
            assertThatThrownBy(() -> kms.decrypt(box, Map.of("doc", "2"))).isInstanceOf(DecryptionException.class);
            assertThat(log.size()).isEqualTo(3);
        }
        assertThat(AuditLog.verify(file, key).valid()).isTrue();
    }

    @Test
    void toString_neverShowsKeyMaterial() throws Exception {
        writeLog(1);
        String wrapped = new ObjectMapper().readTree(lines().get(0)).get("wrappedKey").asText();
        assertThat(key.toString()).doesNotContain(wrapped).contains("envelope");
        try (AuditLog log = AuditLog.builder(file, key).anchor(anchor).open()) {
            assertThat(log.toString()).doesNotContain(wrapped);
        }
    }
}
