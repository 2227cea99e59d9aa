package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.secretsmanager.SecretsManagerFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Drives the paths that log (rotation, failing hooks, audit to slf4j, errors) and checks the captured output. */
@ExtendWith(TraeLocalExtension.class)
class NoSecretsInLogsTest {
    static final String PW1 = "Log-Leak-Canary-Password-1";
    static final String PW2 = "Log-Leak-Canary-Password-2";

    @TempDir
    Path dir;

    private final TraeLocal local;
    private final SecretsManagerFake sm;

    NoSecretsInLogsTest(TraeLocal local) {
        this.local = local;
        this.sm = local.fake("secretsmanager", new SecretsManagerFake());
    }

    @Test
    void secretPaths_whenLoggingAndFailing_neverEmitSecretValues() throws Exception {
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        StringBuilder messages = new StringBuilder();
        System.setErr(capture);
        System.setOut(capture);
        try {
            String id = "leak/db-" + System.nanoTime();
            sm.putSecret(id, "{\"username\":\"app\",\"password\":\"" + PW1 + "\"}");
            AuditSink sink = AuditSinks.tee(AuditSink.slf4j(), AuditSinks.slf4jJson());
            try (SecretsManagerSecretsProvider p = SecretsManagerSecretsProvider.builder(
                    local.configBuilder().auditSink(sink).build()).ttl(Duration.ofMillis(1)).build()) {
                RotatingCredential cred = RotatingCredential.of(p, id);
                cred.onSwap(c -> {
                    throw new IllegalStateException("hook failed for " + c);
                });
                p.onChange(id, v -> {
                    throw new IllegalStateException("listener failed for " + v);
                });
                sm.rotate(id, "{\"username\":\"app\",\"password\":\"" + PW2 + "\"}");
                Thread.sleep(5);
                messages.append(cred.current()).append(cred);
                local.server("secretsmanager").faults().next("GetSecretValue", 5, Fault.status(500, "InternalServiceError"));
                p.invalidate(id);
                try {
                    p.get(id);
                } catch (RuntimeException e) {
                    messages.append(e).append(e.getMessage());
                }
                sm.putSecret("leak/bad-" + id.hashCode(), "{\"password\":\"" + PW1 + "\",");
                try {
                    p.databaseCredential("leak/bad-" + id.hashCode());
                } catch (MalformedSecretException e) {
                    messages.append(e).append(e.getMessage());
                }
            }
            try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("k"), sink)) {
                byte[] box = kms.encrypt(PW1.getBytes(StandardCharsets.UTF_8), Map.of("purpose", "canary"));
                assertThatThrownBy(() -> kms.decrypt(box, Map.of("purpose", PW2)))
                        .satisfies(e -> messages.append(e).append(e.getMessage()));
            }
            sink.record(AuditEvent.of("app", "Login", "user").detail("password", PW1).detail("note", "password=" + PW2).build());
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("dev.trae.audit").contains("GetSecretValue"); // the logging paths really ran
        assertThat(out + messages).doesNotContain(PW1).doesNotContain(PW2);
    }
}
