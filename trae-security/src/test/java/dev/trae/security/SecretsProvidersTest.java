package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.security.model.DatabaseCredential;
import dev.trae.security.model.SecretValue;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.secretsmanager.SecretsManagerFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TraeLocalExtension.class)
class SecretsProvidersTest {
    static final String PW1 = "s3cr3t-Pa55word-one";
    static final String PW2 = "n3w-R0tated-pa55word";

    private final TraeLocal local;
    private final SecretsManagerFake sm;

    @TempDir
    Path dir;

    SecretsProvidersTest(TraeLocal local) {
        this.local = local;
        this.sm = local.fake("secretsmanager", new SecretsManagerFake());
    }

    static String dbJson(String pw) {
        return "{\"username\":\"app\",\"password\":\"" + pw + "\",\"host\":\"db.internal\",\"port\":\"1521\","
                + "\"serviceName\":\"ORCLPDB1\",\"engine\":\"oracle\"}";
    }

    private String unique(String base) {
        return base + "-" + System.nanoTime();
    }

    @Test
    void databaseCredential_whenJsonSecret_parsesTypedFieldsAndRedacts() {
        String id = unique("prod/oracle");
        sm.putSecret(id, dbJson(PW1));
        try (SecretsManagerSecretsProvider p = SecretsManagerSecretsProvider.create(local.config())) {
            DatabaseCredential db = p.databaseCredential(id);
            assertThat(db.username()).isEqualTo("app");
            assertThat(db.password()).isEqualTo(PW1);
            assertThat(db.host()).contains("db.internal");
            assertThat(db.port()).contains(1521);
            assertThat(db.serviceName()).contains("ORCLPDB1");
            assertThat(db.toString()).doesNotContain(PW1).contains("****");
            assertThat(p.get(id).toString()).doesNotContain(PW1);
            assertThat(DatabaseCredential.fromJson("x", db.toJson())).isEqualTo(db);
        }
    }

    @Test
    void get_whenCachedWithinTtl_callsSecretsManagerOnce() {
        String id = unique("cached");
        sm.putSecret(id, "v1");
        try (SecretsManagerSecretsProvider p = SecretsManagerSecretsProvider.builder(local.config()).ttl(Duration.ofMinutes(1)).build()) {
            for (int i = 0; i < 5; i++) {
                assertThat(p.get(id).asString()).isEqualTo("v1");
            }
            assertThat(local.server("secretsmanager").count("GetSecretValue")).isEqualTo(1);
            p.invalidate(id);
            p.get(id);
            assertThat(local.server("secretsmanager").count("GetSecretValue")).isEqualTo(2);
        }
    }

    @Test
    void get_whenTtlExpiresAfterRotation_seesNewVersionAndRunsHook() throws Exception {
        String id = unique("rotating");
        sm.putSecret(id, dbJson(PW1));
        try (SecretsManagerSecretsProvider p = SecretsManagerSecretsProvider.builder(local.config()).ttl(Duration.ofMillis(150)).build()) {
            RotatingCredential cred = RotatingCredential.of(p, id);
            List<String> swapped = new ArrayList<>();
            cred.onSwap(c -> swapped.add(c.password()));
            assertThat(cred.current().password()).isEqualTo(PW1);
            sm.rotate(id, dbJson(PW2));
            assertThat(cred.current().password()).isEqualTo(PW1); // still cached
            Thread.sleep(250);
            assertThat(cred.current().password()).isEqualTo(PW2);
            assertThat(swapped).containsExactly(PW2);
        }
    }

    @Test
    void use_whenLoginRefusedAfterRotation_rereadsSecretAndRetriesOnce() {
        String id = unique("db");
        sm.putSecret(id, dbJson(PW1));
        List<AuditEvent> events = new ArrayList<>();
        TraeConfig cfg = local.configBuilder().auditSink(events::add).build();
        try (SecretsManagerSecretsProvider p = SecretsManagerSecretsProvider.builder(cfg).ttl(Duration.ofHours(1)).build()) {
            RotatingCredential cred = RotatingCredential.of(p, id);
            sm.rotate(id, dbJson(PW2)); // the database now only accepts PW2; our cache still holds PW1
            AtomicInteger attempts = new AtomicInteger();
            String result = cred.use(c -> {
                attempts.incrementAndGet();
                if (!c.password().equals(PW2)) {
                    throw new IllegalStateException(new SQLException("ORA-01017: invalid username/password; logon denied", "72000", 1017));
                }
                return "connected as " + c.username();
            });
            assertThat(result).isEqualTo("connected as app");
            assertThat(attempts).hasValue(2);
            assertThat(cred.current().password()).isEqualTo(PW2);
        }
        assertThat(events).extracting(AuditEvent::action).contains("GetSecretValue", "Rotated");
        assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain(PW1).doesNotContain(PW2));
    }

    @Test
    void use_whenNonAuthFailure_doesNotRetry() {
        String id = unique("db");
        sm.putSecret(id, dbJson(PW1));
        try (SecretsManagerSecretsProvider p = SecretsManagerSecretsProvider.create(local.config())) {
            RotatingCredential cred = RotatingCredential.of(p, id);
            AtomicInteger attempts = new AtomicInteger();
            assertThatThrownBy(() -> cred.use(c -> {
                attempts.incrementAndGet();
                throw new IllegalStateException("disk full");
            })).hasMessage("disk full");
            assertThat(attempts).hasValue(1);
        }
    }

    @Test
    void pending_whenRotationInProgress_readsAwsPendingThenFailsAfterCompletion() {
        String id = unique("rot");
        sm.putSecret(id, "current-value");
        try (SecretsManagerSecretsProvider p = SecretsManagerSecretsProvider.builder(local.config()).ttl(Duration.ofMillis(1)).build()) {
            assertThatThrownBy(() -> p.pending(id)).isInstanceOf(SecretNotFoundException.class);
            // step one of a rotation: AWSPENDING written through the real SDK client shape
            software.amazon.awssdk.services.secretsmanager.SecretsManagerClient c =
                    dev.trae.aws.core.spi.AwsClients.of(local.config()).sync("secretsmanager",
                            software.amazon.awssdk.services.secretsmanager.SecretsManagerClient::builder);
            String v = c.putSecretValue(r -> r.secretId(id).secretString("pending-value").versionStages("AWSPENDING")).versionId();
            SecretValue pending = p.pending(id);
            assertThat(pending.asString()).isEqualTo("pending-value");
            assertThat(pending.stages()).containsExactly("AWSPENDING");
            assertThat(p.get(id).asString()).isEqualTo("current-value");
            String old = p.get(id).versionId().orElseThrow();
            c.updateSecretVersionStage(r -> r.secretId(id).versionStage("AWSCURRENT").moveToVersionId(v).removeFromVersionId(old));
            assertThat(p.refresh(id).asString()).isEqualTo("pending-value");
            assertThat(p.get(id, SecretsProvider.PREVIOUS).asString()).isEqualTo("current-value");
            assertThat(c.describeSecret(r -> r.secretId(id)).versionIdsToStages()).containsKeys(v, old);
            c.close();
        }
    }

    @Test
    void get_whenMissingOrBadId_throwsTypedErrors() {
        try (SecretsManagerSecretsProvider p = SecretsManagerSecretsProvider.create(local.config())) {
            assertThatThrownBy(() -> p.get("no/such/secret")).isInstanceOf(SecretNotFoundException.class)
                    .hasMessageContaining("no/such/secret");
            assertThatThrownBy(() -> p.get("")).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> p.get("../../etc/passwd")).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> p.get("id with spaces")).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> p.get("ok", "bad stage!")).isInstanceOf(TraeValidationException.class);
        }
        assertThat(local.server("secretsmanager").count("GetSecretValue")).isEqualTo(1);
    }

    @Test
    void databaseCredential_whenMalformedJson_throwsWithoutLeakingValue() {
        String id = unique("broken");
        sm.putSecret(id, "{\"username\":\"app\",\"password\":\"" + PW1 + "\""); // truncated JSON
        String noPw = unique("nopw");
        sm.putSecret(noPw, "{\"username\":\"app\",\"pass\":\"" + PW1 + "\"}");
        String badPort = unique("badport");
        sm.putSecret(badPort, "{\"username\":\"app\",\"password\":\"" + PW1 + "\",\"port\":\"" + PW1 + "\"}");
        try (SecretsManagerSecretsProvider p = SecretsManagerSecretsProvider.create(local.config())) {
            for (String s : List.of(id, noPw, badPort)) {
                assertThatThrownBy(() -> p.databaseCredential(s)).isInstanceOf(MalformedSecretException.class)
                        .hasMessageContaining(s).hasMessageNotContaining(PW1)
                        .satisfies(e -> assertThat(e.getCause()).isNull());
            }
        }
        assertThatThrownBy(() -> DatabaseCredential.fromJson("x", "[1,2]")).isInstanceOf(MalformedSecretException.class);
        assertThatThrownBy(() -> DatabaseCredential.fromJson("x", "")).isInstanceOf(MalformedSecretException.class);
    }

    @Test
    void get_whenThrottledThenOk_retries() {
        String id = unique("thr");
        sm.putSecret(id, "v");
        try (SecretsManagerSecretsProvider p = SecretsManagerSecretsProvider.create(local.config())) {
            local.server("secretsmanager").faults().next("GetSecretValue", 2, Fault.throttle());
            assertThat(p.get(id).asString()).isEqualTo("v");
        }
    }

    @Test
    void envProvider_whenVariableSetOrMissing_readsOrThrows() {
        EnvSecretsProvider p = EnvSecretsProvider.of(Map.of("TRAE_SECRET_PROD_DB", dbJson(PW1)), "TRAE_SECRET_", null);
        assertThat(p.variableName("prod/db")).isEqualTo("TRAE_SECRET_PROD_DB");
        assertThat(p.databaseCredential("prod/db").password()).isEqualTo(PW1);
        assertThatThrownBy(() -> p.get("prod/other")).isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("TRAE_SECRET_PROD_OTHER");
        assertThatThrownBy(() -> p.get("prod/db", SecretsProvider.PENDING)).isInstanceOf(SecretNotFoundException.class);
        assertThat(p.toString()).doesNotContain(PW1);
    }

    @Test
    void encryptedFileProvider_whenPutAndReopened_readsBackAndFileIsCiphertext() throws Exception {
        Path file = dir.resolve("secrets.enc");
        try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("local.key"))) {
            EncryptedFileSecretsProvider p = EncryptedFileSecretsProvider.open(file, kms);
            p.put("oracle/export", dbJson(PW1));
            p.put("api/token", "tok-123456789");
            assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(PW1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            EncryptedFileSecretsProvider again = EncryptedFileSecretsProvider.open(file, kms);
            assertThat(again.databaseCredential("oracle/export").password()).isEqualTo(PW1);
            assertThat(again.ids()).containsExactlyInAnyOrder("oracle/export", "api/token");
            assertThat(again.remove("api/token")).isTrue();
            assertThatThrownBy(() -> again.get("api/token")).isInstanceOf(SecretNotFoundException.class);
            assertThat(again.toString()).doesNotContain(PW1);
        }
        try (EnvelopeKeyProvider other = LocalKeyring.createOrLoad(dir.resolve("other.key"))) {
            assertThatThrownBy(() -> EncryptedFileSecretsProvider.open(file, other).get("oracle/export"))
                    .isInstanceOf(WrongKeyException.class);
        }
        // a file renamed to another secrets file's name fails the context check
        Path renamed = dir.resolve("other-secrets.enc");
        Files.copy(file, renamed);
        try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("local.key"))) {
            assertThatThrownBy(() -> EncryptedFileSecretsProvider.open(renamed, kms).get("oracle/export"))
                    .isInstanceOf(EncryptionContextMismatchException.class);
        }
    }
}
