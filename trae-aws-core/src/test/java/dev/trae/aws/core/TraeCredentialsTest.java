package dev.trae.aws.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

class TraeCredentialsTest {

    @Test
    void staticKeys_resolveToTheSameSharedProvider() {
        TraeCredentials c = TraeCredentials.staticKeys("AKIAEXAMPLE000000000", "secret-value-123", "token-456");
        var p1 = c.provider(Region.US_EAST_1, null);
        var p2 = c.provider(Region.EU_WEST_1, null);
        assertThat(p1).isSameAs(p2);
        AwsCredentials creds = p1.resolveCredentials();
        assertThat(creds).isInstanceOf(AwsSessionCredentials.class);
        assertThat(creds.accessKeyId()).isEqualTo("AKIAEXAMPLE000000000");
    }

    @Test
    void assumeRole_toString_masksExternalIdAndNeverCallsTokenSupplier() {
        TraeCredentials c = TraeCredentials.assumeRole(TraeCredentials.AssumeRole.builder()
                .roleArn("arn:aws:iam::123456789012:role/trae-export")
                .externalId("very-secret-external-id")
                .mfa("arn:aws:iam::123456789012:mfa/alice", () -> {
                    throw new AssertionError("token code must not be requested by toString");
                })
                .build());
        assertThat(c.toString()).contains("trae-export").contains("mfa/alice").doesNotContain("very-secret-external-id");
        assertThat(c.kind()).isEqualTo(TraeCredentials.Kind.ASSUME_ROLE);
    }

    @Test
    void assumeRole_rejectsBadInputBeforeAnyCall() {
        assertThatThrownBy(() -> TraeCredentials.AssumeRole.builder().roleArn("not-an-arn").build())
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("roleArn");
        assertThatThrownBy(() -> TraeCredentials.AssumeRole.builder().roleArn("arn:aws:iam::123456789012:role/r")
                .sessionName("bad name with spaces").build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> TraeCredentials.AssumeRole.builder().roleArn("arn:aws:iam::123456789012:role/r")
                .duration(Duration.ofHours(13)).build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> TraeCredentials.AssumeRole.builder().roleArn("arn:aws:iam::123456789012:role/r")
                .mfa("arn:aws:iam::123456789012:mfa/alice", null).build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> TraeCredentials.profile("")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> TraeCredentials.staticKeys("AKIA", null)).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void webIdentity_toStringShowsRoleAndFileOnly() {
        TraeCredentials c = TraeCredentials.webIdentity(TraeCredentials.WebIdentity.of(
                "arn:aws:iam::123456789012:role/ci", Path.of("/var/run/secrets/token"), "ci-run"));
        assertThat(c.toString()).contains("role/ci").contains("/var/run/secrets/token");
    }
}
