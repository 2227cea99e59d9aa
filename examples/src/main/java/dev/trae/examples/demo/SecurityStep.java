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
import dev.trae.aws.core.AuditSink;
import dev.trae.security.AuditAnchor;
import dev.trae.security.AuditAnchors;
import dev.trae.security.AuditKey;
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
import dev.trae.testkit.aws.s3.EmbeddedS3;
import dev.trae.testkit.aws.sts.StsFake;

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
        // the chain key is wrapped by its own keyring (AWS KMS in production: AuditKey.kms(config, "alias/trae-audit"));
        // checkpoints go to S3 (the embedded S3 here; Object Lock retention in production)
        EnvelopeKeyProvider auditKeyring = LocalKeyring.createOrLoad(dir.resolve("audit-chain.key"), AuditSink.noop());
        AuditKey auditKey = AuditKey.wrappedBy(auditKeyring);
        AuditAnchor anchor;
        if (ctx.realAws()) {
            anchor = AuditAnchors.inMemory();
        } else {
            ctx.local().s3().createBucket("trae-demo-audit-anchors");
            anchor = AuditAnchors.s3(ctx.local().config(), "trae-demo-audit-anchors", "run-" + System.currentTimeMillis() + "/");
        }
        try (AuditLog audit = AuditLog.builder(auditFile, auditKey).anchor(anchor).checkpointEvery(10).open();
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
                // audit events name the caller from STS GetCallerIdentity: the demo's credentials belong to this user
                ctx.local().fake("sts", new StsFake()).identity(EmbeddedS3.ACCESS_KEY, "arn:aws:iam::111122223333:user/trae-demo",
                        "AIDATRAEDEMO");
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

        // every placeholder is bound (an unbound one is an error, never a "*"); example values for the demo account
        IamPolicyGenerator generator = IamPolicyGenerator.discover().bind("account", "111122223333").bind("region", "eu-west-1");
        for (String name : generator.placeholders().keySet()) {
            if (!List.of("account", "region", "partition").contains(name)) {
                generator.bind(name, name.equals("kmsKeyArn") ? "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                        : name.endsWith("RoleArn") ? "arn:aws:iam::111122223333:role/trae-demo-" + name.replace("RoleArn", "")
                        : name.endsWith("Prefix") ? "demo/" : name.endsWith("LogGroup") ? "/trae/demo" : "trae-demo-" + name.toLowerCase(java.util.Locale.ROOT));
            }
        }
        IamPolicyGenerator.Policy policy = generator.generate();
        Files.writeString(dir.resolve("iam-policy.json"), policy.json());
        ctx.out().printf("least-privilege IAM policy for %s: %d action(s) -> %s (linted against the Service Authorization table; optional statements left out: %d)%n",
                policy.modules(), policy.actions().size(), dir.resolve("iam-policy.json").getFileName(), policy.omitted().size());

        ctx.out().println("audit chain " + auditFile.getFileName() + " (HMAC-SHA256 keyed by a wrapped data key, checkpoints in "
                + anchor + "):");
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = Files.readAllLines(auditFile);
        String previous = null;
        int repeated = 0;
        for (int i = 1; i < lines.size(); i++) {
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
            ctx.out().printf("  #%-3d %-14s %-40s %-8s prev %s… mac %s…%n", n.path("seq").asLong(), n.path("service").asText(),
                    n.path("action").asText() + " " + abbreviate(n.path("resource").asText()), n.path("result").asText(),
                    n.path("prev").asText().substring(0, 8), n.path("mac").asText().substring(0, 8));
        }
        AuditLog.Verification v = AuditLog.verify(auditFile, auditKey, anchor);
        ctx.out().println(v);
        if (!v.valid()) {
            throw new IllegalStateException("audit chain did not verify");
        }
        // show that an edit is caught
        Path edited = dir.resolve("audit-edited.jsonl");
        Files.write(edited, lines.stream().map(l -> l.replace("\"result\":\"DENIED\"", "\"result\":\"SUCCESS\"")).toList());
        AuditLog.Verification broken = AuditLog.verify(edited, auditKey);
        ctx.out().println("after editing a DENIED line to SUCCESS: " + broken);
        if (broken.valid()) {
            throw new IllegalStateException("an edited audit log verified");
        }
        // and that cutting the last records is caught against the anchored checkpoint
        Path cut = dir.resolve("audit-cut.jsonl");
        Files.write(cut, lines.subList(0, lines.size() - 2));
        AuditLog.Verification truncated = AuditLog.verify(cut, auditKey, anchor);
        ctx.out().println("after cutting the last 2 records: " + truncated);
        if (truncated.valid()) {
            throw new IllegalStateException("a cut audit log verified against its anchor");
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
