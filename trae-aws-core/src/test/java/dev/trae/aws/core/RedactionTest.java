package dev.trae.aws.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void scrub_removesSecretsInCommonShapes() {
        String text = "password=hunter2 token: abc.def.ghi {\"secretAccessKey\":\"wJalrXUtnFEMI/K7MDENG\"} "
                + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig key AKIAIOSFODNN7EXAMPLE "
                + "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
        String out = Redaction.scrub(text);
        assertThat(out).doesNotContain("hunter2", "abc.def.ghi", "wJalrXUtnFEMI", "eyJhbGciOiJIUzI1NiJ9", "IOSFODNN7EXAMPLE", "MIIEow");
        assertThat(out).contains("AKIA****");
    }

    @Test
    void scrub_keepsOrdinaryText() {
        String text = "Incident at station Kyiv-12: pump 3 leaked 12 450 litres";
        assertThat(Redaction.scrub(text)).isEqualTo(text);
        assertThat(Redaction.scrub(null)).isNull();
        assertThat(Redaction.scrub("")).isEmpty();
    }

    @Test
    void scrub_withKnownSecrets_removesThemAnywhere() {
        assertThat(Redaction.scrub("user fuel connected with s3cr3t-Pa55 ok", "s3cr3t-Pa55")).doesNotContain("s3cr3t-Pa55");
    }

    @Test
    void maskIdentifier_keepsFourCharacters() {
        assertThat(Redaction.maskIdentifier("AKIAIOSFODNN7EXAMPLE")).isEqualTo("AKIA****");
        assertThat(Redaction.maskIdentifier("abc")).isEqualTo(Redaction.MASK);
        assertThat(Redaction.mask("x")).isEqualTo(Redaction.MASK);
    }

    @Test
    void isSecretName_recognisesCommonNames() {
        assertThat(Redaction.isSecretName("X-Amz-Security-Token")).isTrue();
        assertThat(Redaction.isSecretName("db_password")).isTrue();
        assertThat(Redaction.isSecretName("Authorization")).isTrue();
        assertThat(Redaction.isSecretName("station")).isFalse();
    }

    @Test
    void auditEvent_masksSecretDetails() {
        AuditEvent e = AuditEvent.of("secretsmanager", "GetSecretValue", "prod/oracle").detail("password", "hunter2")
                .detail("note", "token=abc123xyz").build();
        assertThat(e.toString()).doesNotContain("hunter2").doesNotContain("abc123xyz").contains("prod/oracle");
    }
}
