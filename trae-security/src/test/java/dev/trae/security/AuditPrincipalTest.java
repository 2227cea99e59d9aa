package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.kms.KmsFake;
import dev.trae.testkit.aws.s3.EmbeddedS3;
import dev.trae.testkit.aws.sts.StsFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Audit events name the AWS principal of the credentials (STS GetCallerIdentity, cached) and the optional end user. */
@ExtendWith(TraeLocalExtension.class)
class AuditPrincipalTest {
    private static final String ARN = "arn:aws:sts::111122223333:assumed-role/trae-app/i-0abc";
    private final TraeLocal local;
    private final KmsFake kms;
    private final StsFake sts;

    AuditPrincipalTest(TraeLocal local) {
        this.local = local;
        this.kms = local.fake("kms", new KmsFake());
        this.sts = local.fake("sts", new StsFake());
    }

    @Test
    void kmsEvents_nameTheCallerArnFromSts_askedOncePerCredentials() {
        sts.identity(EmbeddedS3.ACCESS_KEY, ARN, "AROAEXAMPLE:i-0abc");
        kms.createKey("alias/p");
        List<AuditEvent> events = new CopyOnWriteArrayList<>();
        TraeConfig config = local.configBuilder().auditSink(events::add).build();
        int before = sts.calls();
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(config, "alias/p")) {
            byte[] box = p.encrypt("x".getBytes(), Map.of("a", "b"));
            p.decrypt(box, Map.of("a", "b"));
            try (AuditPrincipal.Scope s = AuditPrincipal.endUser("user-4711")) {
                p.decrypt(box, Map.of("a", "b"));
            }
            AuditPrincipal.asEndUser("user-9", () -> p.decrypt(box, Map.of("a", "b")));
        }
        assertThat(events).hasSize(4).allSatisfy(e -> assertThat(e.principal()).isEqualTo(ARN));
        assertThat(events.get(1).details()).doesNotContainKey("endUser");
        assertThat(events.get(2).details()).containsEntry("endUser", "user-4711");
        assertThat(events.get(3).details()).containsEntry("endUser", "user-9");
        assertThat(AuditPrincipal.endUser()).isEmpty();
        assertThat(sts.calls() - before).isEqualTo(1);
    }

    @Test
    void callerOf_whenStsRefusesTheCredentials_namesUnresolvedAndTheOperationGoesOn() {
        kms.createKey("alias/q");
        List<AuditEvent> events = new CopyOnWriteArrayList<>();
        TraeConfig config = local.configBuilder().auditSink(events::add).build(); // no identity declared: InvalidClientTokenId
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(config, "alias/q")) {
            p.encrypt("x".getBytes(), Map.of("a", "b"));
        }
        assertThat(events).singleElement().extracting(AuditEvent::principal).asString().startsWith("unresolved:");
    }

    @Test
    void endUser_whenInvalid_rejected() {
        assertThatThrownBy(() -> AuditPrincipal.endUser(" ")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> AuditPrincipal.endUser("a\nb")).isInstanceOf(TraeValidationException.class);
    }
}
