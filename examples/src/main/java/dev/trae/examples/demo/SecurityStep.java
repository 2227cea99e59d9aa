package dev.trae.examples.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.aws.core.TraeConfig;
import dev.trae.security.AuditLog;
import dev.trae.security.DataKeyCachePolicy;
import dev.trae.security.DecryptionException;
import dev.trae.security.EncryptedFileSecretsProvider;
import dev.trae.security.EnvelopeKeyProvider;
import dev.trae.security.IamPolicyGenerator;
import dev.trae.security.KmsKeyProviders;
import dev.trae.security.LocalKeyring;
import dev.trae.security.model.DatabaseCredential;
import dev.trae.testkit.aws.kms.KmsFake;

/**
 * Security: envelope-encrypt and decrypt a document with the local raw AES keyring, show that a wrong
 * context and a tampered envelope are refused, keep a database credential in an encrypted secrets
 * file, bulk-encrypt with a data-key cache against the KMS fake, write the least-privilege IAM policy,
 * and print the verified hash-chained audit log.
 */
final class SecurityStep implements DemoStep {

    @Override
    public String title() {
        return "security: envelope encryption, secrets, audit chain";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        Path dir = Files.createDirectories(ctx.outDir().resolve("security"));
        Path auditFile = dir.resolve("audit.jsonl");
        Files.deleteIfExists(auditFile); // one chain per demo run
        try (AuditLog audit = AuditLog.open(auditFile);
             EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("local.key"), audit)) {
            ctx.out().println("local keyring " + kms.keyId() + " (key file " + dir.resolve("local.key") + ", mode 0600)");

            String document = "Incident 4711: pump 3 nozzle leak, station Kyiv-12. Contact: duty engineer.";
            Map<String, String> context = Map.of("purpose", "incident-report", "doc", "incident-4711");
            byte[] envelope = kms.encrypt(document.getBytes(StandardCharsets.UTF_8), context);
            Files.write(dir.resolve("incident-4711.enc"), envelope);
            ctx.out().printf("encrypted %d bytes -> %d-byte envelope (AES-256-GCM, key commitment, ECDSA P-384 signature) %s%n",
                    document.length(), envelope.length, dir.resolve("incident-4711.enc").getFileName());
            String back = new String(kms.decrypt(envelope, context), StandardCharsets.UTF_8);
            if (!back.equals(document)) {
                throw new IllegalStateException("decrypted text differs from the original");
            }
            ctx.out().println("decrypted under the same context: \"" + back + "\"");
            refused(ctx, "wrong encryption context", () -> kms.decrypt(envelope, Map.of("purpose", "marketing")));
            byte[] tampered = envelope.clone();
            tampered[tampered.length - 110] ^= 0x01; // inside the last frame, before the signature
            refused(ctx, "one flipped bit", () -> kms.decrypt(tampered, context));

            EncryptedFileSecretsProvider secrets = EncryptedFileSecretsProvider.open(dir.resolve("secrets.enc"), kms, audit);
            secrets.put("oracle/export", DatabaseCredential.builder().username("export_app").password("demo-Pa55-" + System.nanoTime())
                    .host("db.internal").port(1521).serviceName("ORCLPDB1").build().toJson());
            ctx.out().println("secret read back from the encrypted file: " + secrets.databaseCredential("oracle/export"));

            if (!ctx.realAws()) {
                KmsFake fake = ctx.local().fake("kms", new KmsFake());
                String arn = fake.createKey("alias/trae-demo");
                TraeConfig config = ctx.local().configBuilder().auditSink(audit).build();
                try (EnvelopeKeyProvider bulk = KmsKeyProviders.awsKms(config, "alias/trae-demo",
                        DataKeyCachePolicy.of(Duration.ofMinutes(5), 100))) {
                    for (int i = 0; i < 50; i++) {
                        bulk.encrypt(("record " + i).getBytes(StandardCharsets.UTF_8), Map.of("purpose", "bulk-demo"));
                    }
                }
                ctx.out().printf("bulk: 50 envelopes under %s with a data-key cache -> %d GenerateDataKey call(s) to KMS%n",
                        arn, fake.calls("GenerateDataKey"));
            }
        }

        IamPolicyGenerator.Policy policy = IamPolicyGenerator.discover().generate();
        Files.writeString(dir.resolve("iam-policy.json"), policy.json());
        ctx.out().printf("least-privilege IAM policy for %s: %d action(s) -> %s (unbound ARNs left as *: %d)%n",
                policy.modules(), policy.actions().size(), dir.resolve("iam-policy.json").getFileName(), policy.unresolved().size());

        ctx.out().println("audit chain " + auditFile.getFileName() + ":");
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = Files.readAllLines(auditFile);
        String previous = null;
        int repeated = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = mapper.readTree(lines.get(i));
            String what = n.path("service").asText() + " " + n.path("action").asText() + " " + n.path("resource").asText()
                    + " " + n.path("result").asText();
            boolean last = i == lines.size() - 1;
            if (what.equals(previous) && !last) {
                repeated++;
                continue;
            }
            if (repeated > 0) {
                ctx.out().printf("       ... %d more line(s) like the one above%n", repeated);
                repeated = 0;
            }
            previous = what;
            ctx.out().printf("  #%-3d %-14s %-40s %-8s prev %s… hash %s…%n", n.path("seq").asLong(), n.path("service").asText(),
                    n.path("action").asText() + " " + abbreviate(n.path("resource").asText()), n.path("result").asText(),
                    n.path("prev").asText().substring(0, 8), n.path("hash").asText().substring(0, 8));
        }
        AuditLog.Verification v = AuditLog.verify(auditFile);
        ctx.out().println(v);
        if (!v.valid()) {
            throw new IllegalStateException("audit chain did not verify");
        }
        // show that an edit is caught
        Path edited = dir.resolve("audit-edited.jsonl");
        Files.write(edited, lines.stream().map(l -> l.replace("\"result\":\"DENIED\"", "\"result\":\"SUCCESS\"")).toList());
        AuditLog.Verification broken = AuditLog.verify(edited);
        ctx.out().println("after editing a DENIED line to SUCCESS: " + broken);
        if (broken.valid()) {
            throw new IllegalStateException("an edited audit log verified");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 28 ? s : s.substring(0, 12) + "…" + s.substring(s.length() - 12);
    }

    private static void refused(DemoContext ctx, String what, Runnable r) {
        try {
            r.run();
            throw new IllegalStateException(what + " was accepted");
        } catch (DecryptionException e) {
            ctx.out().println("refused (" + what + "): " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
