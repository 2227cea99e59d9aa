package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.TraeConfig;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.kms.KmsFake;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The keyed audit log with a KMS-wrapped chain key and anchors in S3 and CloudWatch Logs (Trae Local). */
@ExtendWith(TraeLocalExtension.class)
class AuditAnchorAwsTest {
    @TempDir
    Path dir;

    private final TraeLocal local;
    private final KmsFake kms;
    private final CloudWatchLogsFake logs;

    AuditAnchorAwsTest(TraeLocal local) {
        this.local = local;
        this.kms = local.fake("kms", new KmsFake());
        this.logs = local.fake("logs", new CloudWatchLogsFake());
    }

    private static AuditEvent event(int i) {
        return AuditEvent.of("secretsmanager", "GetSecretValue", "prod/db-" + i).principal("tester").build();
    }

    @Test
    void kmsKey_withS3Anchor_detectsCutTailAndOnlyTheRightKeyVerifies() throws Exception {
        local.s3().createBucket("audit-anchors");
        TraeConfig config = local.config();
        String arn = kms.createKey("alias/trae-audit");
        AuditKey key = AuditKey.kms(config, "alias/trae-audit");
        assertThat(key.keyId()).isEqualTo(arn);
        AuditAnchor anchor = AuditAnchors.s3(config, "audit-anchors", "app-1/");
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.builder(file, key).anchor(anchor).checkpointEvery(2).open()) {
            for (int i = 0; i < 5; i++) {
                log.record(event(i));
            }
        }
        assertThat(kms.calls("GenerateDataKey")).isEqualTo(1);
        List<String> keys = local.s3().client().listObjectsV2(r -> r.bucket("audit-anchors").prefix("app-1/")).contents()
                .stream().map(o -> o.key()).toList();
        assertThat(keys).containsExactly("app-1/00000000000000000001.json", "app-1/00000000000000000003.json",
                "app-1/00000000000000000004.json");
        AuditLog.Verification v = AuditLog.verify(file, key, anchor);
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.anchoredSeq()).isEqualTo(4);
        assertThat(kms.calls("Decrypt")).isEqualTo(1);
        assertThat(Files.readString(file)).contains(arn);

        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, 5));
        AuditLog.Verification cut = AuditLog.verify(file, key, anchor);
        assertThat(cut.valid()).isFalse();
        assertThat(cut.firstBadSeq()).isEqualTo(4);

        // another KMS key (the verifier pins the ARN) does not verify the log
        kms.createKey("alias/other");
        assertThat(AuditLog.verify(file, AuditKey.kms(config, "alias/other")).reason()).contains("does not unwrap");
        // a disabled key: the service error surfaces, it is not reported as tampering
        kms.disable(arn);
        assertThatThrownBy(() -> AuditLog.verify(file, key)).isInstanceOf(dev.trae.aws.core.TraeServiceException.class);
    }

    @Test
    void cloudWatchAnchor_storesCheckpointsAndFindsTheLatest() throws Exception {
        TraeConfig config = local.config();
        kms.createKey("alias/trae-audit");
        AuditKey key = AuditKey.kms(config, "alias/trae-audit");
        Path file = dir.resolve("audit.jsonl");
        try (CloudWatchLogsAuditSink sink = CloudWatchLogsAuditSink.create(config, "/trae/audit-anchors", "app-1")) {
            AuditAnchor anchor = AuditAnchors.cloudWatchLogs(sink);
            try (AuditLog log = AuditLog.builder(file, key).anchor(anchor).checkpointEvery(3).open()) {
                for (int i = 0; i < 7; i++) {
                    log.record(event(i));
                }
            }
            assertThat(logs.lines("/trae/audit-anchors", "app-1")).hasSize(3).allSatisfy(l -> assertThat(l).contains("Checkpoint"));
            AuditLog.Verification v = AuditLog.verify(file, key, anchor);
            assertThat(v.valid()).as(v.toString()).isTrue();
            assertThat(v.anchoredSeq()).isEqualTo(6);
            List<String> lines = Files.readAllLines(file);
            Files.write(file, lines.subList(0, 7));
            assertThat(AuditLog.verify(file, key, anchor).firstBadSeq()).isEqualTo(6);
        }
    }
}
