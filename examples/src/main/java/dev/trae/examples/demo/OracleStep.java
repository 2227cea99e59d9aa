package dev.trae.examples.demo;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressListener;
import dev.trae.oracle.Compression;
import dev.trae.oracle.Encryption;
import dev.trae.oracle.ExportFormat;
import dev.trae.oracle.ExportResult;
import dev.trae.oracle.JdbcSource;
import dev.trae.oracle.OracleExporter;
import dev.trae.oracle.model.ManifestFile;
import dev.trae.security.EnvelopeKeyProvider;
import dev.trae.security.LocalKeyring;

/**
 * trae-oracle: a seeded incidents table in embedded H2 (Oracle mode) exported to the embedded S3 as
 * gzip CSV, envelope-encrypted client-side with trae-security's local keyring, then one file decrypted back
 * and the manifest printed.
 */
final class OracleStep implements DemoStep {

    @Override
    public String title() {
        return "oracle: JDBC table to S3, split, encrypted, with a manifest";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        String url = "jdbc:h2:mem:trae_demo_incidents;MODE=Oracle;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE INCIDENTS (ID NUMBER(10) PRIMARY KEY, STATION VARCHAR2(40), SEVERITY NUMBER(1),"
                        + " REPORTED DATE, RESOLVED_AT TIMESTAMP WITH TIME ZONE, COST NUMBER(12,2), NOTES CLOB)");
            }
            String[] stations = {"Kyiv-12", "Lviv-3", "Odesa-7", "Kharkiv-1"};
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO INCIDENTS VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 5000; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, stations[i % stations.length]);
                    ps.setInt(3, 1 + i % 5);
                    ps.setObject(4, LocalDateTime.of(2025, 1, 1, 8, 0).plusMinutes(37L * i));
                    ps.setObject(5, i % 4 == 0 ? null : OffsetDateTime.of(2025, 1, 2, 9, 0, 0, 0, ZoneOffset.ofHours(2)).plusMinutes(41L * i));
                    ps.setBigDecimal(6, new java.math.BigDecimal(i * 13 % 10000 + ".25"));
                    ps.setString(7, i % 3 == 0 ? null : "Pump " + (i % 8) + ": \"nozzle leak\", checked,\nclosed");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        ctx.local().s3().createBucket("trae-demo");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        EnvelopeKeyProvider keyring = LocalKeyring.of("demo-exports", key, ctx.local().config().auditSink());
        TraeConfig config = ctx.local().configBuilder().kmsKeyProvider(keyring).build();
        try (OracleExporter exporter = OracleExporter.create(config)) {
            TraeJob<ExportResult> job = exporter.start(r -> r.source(JdbcSource.url(url, "sa", "")).table("INCIDENTS")
                    .format(ExportFormat.CSV).compression(Compression.GZIP).encryption(Encryption.clientSide())
                    .maxRowsPerFile(2000).parallelism(2).destination("s3://trae-demo/exports/incidents/"));
            job.onProgress(ProgressListener.lines(ctx.out(), 500));
            ExportResult result = job.await(Duration.ofMinutes(2));
            ctx.out().println("exported " + result.rows() + " rows into " + result.files() + " encrypted files (" + result.path()
                    + " path); manifest " + result.manifestUri());
            String manifestKey = result.manifestUri().substring("s3://trae-demo/".length());
            String manifest = ctx.local().s3().client().getObjectAsBytes(b -> b.bucket("trae-demo").key(manifestKey)).asUtf8String();
            ctx.out().println(manifest);

            ManifestFile first = result.manifest().files().get(0);
            byte[] stored = ctx.local().s3().client().getObjectAsBytes(b -> b.bucket("trae-demo")
                    .key(first.uri().substring("s3://trae-demo/".length()))).asByteArray();
            byte[] plain = keyring.decrypt(stored, Map.of("trae:export-job", result.jobId(), "trae:object", first.uri()));
            String csv = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(plain)).readAllBytes(),
                    StandardCharsets.UTF_8);
            ctx.out().println("decrypted " + first.path() + " (" + stored.length + " bytes stored), first lines:");
            csv.lines().limit(3).forEach(l -> ctx.out().println("  " + l));
            if (result.rows() != 5000 || !csv.startsWith("ID,STATION,SEVERITY,REPORTED,RESOLVED_AT,COST,NOTES")) {
                throw new IllegalStateException("export did not round-trip");
            }
        }
    }
}
