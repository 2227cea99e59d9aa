package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.security.model.Token;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.cloudtrail.CloudTrailFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(TraeLocalExtension.class)
class TokenIamTrailTest {
    static final String ACCESS = "ya29.a0AfH6SMBx-very-secret-access-token";
    static final String REFRESH = "1//0gRefresh-secret-token-value";

    @TempDir
    Path dir;

    private final TraeLocal local;

    TokenIamTrailTest(TraeLocal local) {
        this.local = local;
    }

    static Token token() {
        return Token.builder().type("oauth-access").value(ACCESS).refreshToken(REFRESH)
                .expiresAt(Instant.parse("2030-01-01T00:00:00Z")).scopes(List.of("repo", "read:user")).build();
    }

    @Test
    void fileStore_whenPutAndGet_roundTripsEncryptedAndNeverLeaks() throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"))) {
            TokenStore store = TokenStore.file(dir.resolve("tokens"), kms, events::add);
            store.put("github", token());
            Path f = dir.resolve("tokens/github.token");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
            assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(ACCESS);
            Token back = store.get("github").orElseThrow();
            assertThat(back).isEqualTo(token());
            assertThat(back.toString()).doesNotContain(ACCESS).doesNotContain(REFRESH);
            assertThat(back.expiresWithin(Instant.parse("2029-12-31T23:00:00Z"), Duration.ofHours(2))).isTrue();
            assertThat(store.get("missing")).isEmpty();
            // a token file copied over another name does not decrypt (context binds the name)
            Files.copy(f, dir.resolve("tokens/gitlab.token"));
            assertThatThrownBy(() -> store.get("gitlab")).isInstanceOf(EncryptionContextMismatchException.class);
            assertThat(store.delete("github")).isTrue();
            assertThat(store.get("github")).isEmpty();
            assertThatThrownBy(() -> store.put("../escape", token())).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> store.get("")).isInstanceOf(TraeValidationException.class);
            assertThat(store.toString()).doesNotContain(ACCESS);
        }
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.toString()).doesNotContain(ACCESS).doesNotContain(REFRESH));
    }

    @Test
    void s3Store_whenPutAndGet_roundTripsAndTamperIsDetected() {
        local.s3().createBucket("trae-tokens");
        S3Client s3 = local.s3().client();
        try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"))) {
            TokenStore store = TokenStore.s3(local.config(), "trae-tokens", "app1", kms);
            store.put("sts-session", Token.builder().type("sts-session").value("FwoGZXIvYXdzE-session").build());
            assertThat(store.get("sts-session").orElseThrow().value()).isEqualTo("FwoGZXIvYXdzE-session");
            byte[] obj = s3.getObjectAsBytes(r -> r.bucket("trae-tokens").key("app1/sts-session.token")).asByteArray();
            obj[obj.length - 5] ^= 1;
            s3.putObject(r -> r.bucket("trae-tokens").key("app1/sts-session.token"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(obj));
            assertThatThrownBy(() -> store.get("sts-session")).isInstanceOf(TamperedCiphertextException.class);
            assertThat(store.get("nothing")).isEmpty();
            assertThatThrownBy(() -> TokenStore.s3(local.config(), "Bad_Bucket", "", kms)).isInstanceOf(TraeValidationException.class);
        }
    }

    @Test
    void token_whenInvalid_rejects() {
        assertThatThrownBy(() -> Token.builder().type("oauth").value("").build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> Token.builder().type("bad type").value("x").build()).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void iamPolicy_whenDiscovered_coversDeclaredActionsOfEveryModuleOnClassPath() throws Exception {
        IamPolicyGenerator gen = IamPolicyGenerator.discover();
        assertThat(gen.modules()).contains("trae-security");
        IamPolicyGenerator.Policy open = IamBindings.bindAll(gen).generate();
        assertThat(open.omitted()).isEmpty();
        // every declared action of every module found appears in the policy, and nothing else
        java.util.Set<String> declared = new java.util.TreeSet<>();
        gen.declarations().values().forEach(l -> l.forEach(d -> declared.addAll(d.actions())));
        JsonNode doc = new ObjectMapper().readTree(open.json());
        java.util.Set<String> inPolicy = new java.util.TreeSet<>();
        doc.path("Statement").forEach(s -> s.path("Action").forEach(a -> inPolicy.add(a.asText())));
        assertThat(inPolicy).isEqualTo(declared);
        assertThat(doc.path("Version").asText()).isEqualTo("2012-10-17");
    }

    @Test
    void iamPolicy_whenArnsBound_narrowsResources() throws Exception {
        String key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        IamPolicyGenerator.Policy p = IamPolicyGenerator.discover().forModules("trae-security")
                .bind("kmsKeyArn", key).bind("region", "eu-west-1").bind("account", "111122223333")
                .bind("secretPrefix", "prod/app/").bind("auditLogGroup", "/trae/audit")
                .bind("tokenBucket", "acme-tokens").bind("tokenPrefix", "app1/").generate();
        assertThat(p.omitted()).hasSize(2).allSatisfy(o -> assertThat(o).contains("auditAnchorBucket"));
        JsonNode doc = new ObjectMapper().readTree(p.json());
        List<String> resources = new ArrayList<>();
        doc.path("Statement").forEach(s -> resources.add(s.path("Resource").asText()));
        assertThat(resources).contains(key, "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/app/*",
                "arn:aws:s3:::acme-tokens/app1/*", "*");
        // only CloudTrail's LookupEvents (no resource-level permissions) stays on "*"
        doc.path("Statement").forEach(s -> {
            if (s.path("Resource").asText().equals("*")) {
                assertThat(s.path("Action")).extracting(JsonNode::asText).containsExactly("cloudtrail:LookupEvents");
            }
        });
        assertThatThrownBy(() -> IamPolicyGenerator.discover().forModules("trae-nope")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> IamPolicyGenerator.discover().bind("account", "1\"}")).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void iamDeclaration_whenMalformed_rejectsWithSource() throws Exception {
        Properties bad = new Properties();
        bad.load(new StringReader("module=trae-x\nstatement.a.actions=kms:Decrypt, not an action\n"));
        assertThatThrownBy(() -> IamPolicyGenerator.parse("test.properties", bad)).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("test.properties");
        Properties unknown = new Properties();
        unknown.load(new StringReader("module=trae-x\nstatment.a.actions=kms:Decrypt\n"));
        assertThatThrownBy(() -> IamPolicyGenerator.parse("u", unknown)).isInstanceOf(TraeValidationException.class);
        Properties noModule = new Properties();
        assertThatThrownBy(() -> IamPolicyGenerator.parse("n", noModule)).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void cloudTrail_whenLookingUpByResource_pagesAndFilters() {
        CloudTrailFake trail = local.fake("cloudtrail", new CloudTrailFake());
        String key = "arn:aws:kms:us-east-1:111122223333:key/abc";
        Instant now = Instant.now();
        for (int i = 0; i < 120; i++) {
            trail.addEvent(i % 2 == 0 ? "Decrypt" : "GenerateDataKey", "kms.amazonaws.com", now.minusSeconds(i * 60L), "export-job", key);
        }
        trail.addEvent("GetSecretValue", "secretsmanager.amazonaws.com", now, "app", "prod/db");
        try (CloudTrailEvidence ev = CloudTrailEvidence.create(local.config())) {
            List<CloudTrailEvidence.Event> all = ev.byResource(key, now.minus(Duration.ofDays(1)), now.plusSeconds(1), 1000);
            assertThat(all).hasSize(120);
            assertThat(all.get(0).eventTime()).isAfterOrEqualTo(all.get(1).eventTime());
            assertThat(all.get(0).requestId()).isPresent();
            assertThat(ev.byResource(key, now.minus(Duration.ofDays(1)), now.plusSeconds(1), 70)).hasSize(70);
            assertThat(ev.byEventName("GetSecretValue", now.minusSeconds(5), now.plusSeconds(5), 10))
                    .singleElement().extracting(CloudTrailEvidence.Event::username).isEqualTo("app");
            assertThatThrownBy(() -> ev.byResource("", now, now, 1)).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> ev.byResource("x", now, now.minusSeconds(1), 1)).isInstanceOf(TraeValidationException.class);
        }
        assertThat(local.server("cloudtrail").count("LookupEvents")).isEqualTo(3 + 2 + 1);
    }
}
