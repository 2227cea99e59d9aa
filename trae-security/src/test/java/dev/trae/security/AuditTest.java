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
    void tee_whenOneSinkThrows_othersStillRecordAndTheFailureSurfaces() {
        List<AuditEvent> got = new ArrayList<>();
        assertThatThrownBy(() -> AuditSinks.tee(e -> {
            throw new IllegalStateException("boom");
        }, got::add, AuditSinks.slf4jJson()).record(event(1))).isInstanceOf(AuditWriteException.class);
        assertThat(got).hasSize(1);
        assertThat(AuditSinks.toJson(event(1))).contains("\"password\":\"****\"");
    }
}
