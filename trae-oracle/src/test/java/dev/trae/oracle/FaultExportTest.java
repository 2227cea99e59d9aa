package dev.trae.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.job.JobStatus;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.oracle.model.ManifestFile;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Faults: dropped connections, crashes, S3 5xx mid-upload, cancel and resume; nothing lost, nothing duplicated, no orphaned uploads. */
@ExtendWith(TraeLocalExtension.class)
class FaultExportTest {
    private final TraeLocal local;
    private String schema;

    FaultExportTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() throws Exception {
        TestDb.assumePg();
        schema = TestDb.pgSchema();
        TestDb.exec(TestDb.PG_URL, "CREATE TABLE " + schema + ".events (id bigint PRIMARY KEY, body text)",
                "INSERT INTO " + schema + ".events SELECT g, repeat(md5(g::text), 6) FROM generate_series(1, 40000) g");
        local.s3().createBucket("exports");
    }

    @AfterEach
    void tearDown() {
        TestDb.dropPgSchema(schema);
    }

    private S3Client s3() {
        return local.s3().client();
    }

    /** Every id in the exported CSV files, checking none appears twice. */
    private List<Long> ids(ExportResult r) {
        List<Long> ids = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (ManifestFile f : r.manifest().files()) {
            String key = f.uri().substring("s3://exports/".length());
            String text = s3().getObjectAsBytes(b -> b.bucket("exports").key(key)).asUtf8String();
            List<List<String>> rows = ReadBack.csv(text, ',');
            assertThat(rows.size() - 1).as(f.path()).isEqualTo((int) f.rows());
            for (List<String> row : rows.subList(1, rows.size())) {
                long id = Long.parseLong(row.get(0));
                assertThat(seen.add(id)).as("id %s exported twice", id).isTrue();
                ids.add(id);
            }
        }
        return ids;
    }

    private void assertAllRowsOnce(ExportResult r) {
        List<Long> ids = ids(r);
        assertThat(ids).hasSize(40000);
        assertThat(new HashSet<>(ids)).hasSize(40000);
        assertThat(ids.stream().mapToLong(Long::longValue).min().orElse(0)).isEqualTo(1);
        assertThat(ids.stream().mapToLong(Long::longValue).max().orElse(0)).isEqualTo(40000);
    }

    private int openUploads(String prefix) {
        return s3().listMultipartUploads(b -> b.bucket("exports").prefix(prefix)).uploads().size();
    }

    @Test
    void export_whenBackendTerminatedMidExport_thenPartitionContinuesAfterLastFile() throws Exception {
        String app = "trae-drop-" + UUID.randomUUID().toString().substring(0, 8);
        JdbcSource src = JdbcSource.url(TestDb.PG_URL + "?ApplicationName=" + app, "postgres", "x");
        AtomicBoolean killed = new AtomicBoolean();
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            TraeJob<ExportResult> job = exporter.start(b -> b.source(src).table(schema + ".events").fetchSize(200)
                    .maxRowsPerFile(5000).format(ExportFormat.CSV).destination("s3://exports/" + schema + "/drop/"));
            job.onProgress(e -> {
                if (e.done() >= 12000 && killed.compareAndSet(false, true)) {
                    try (Connection c = TestDb.pg(); PreparedStatement ps = c.prepareStatement(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
                        ps.setString(1, app);
                        ps.executeQuery().close();
                    } catch (SQLException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            });
            ExportResult r = job.await(Duration.ofMinutes(2));
            assertThat(killed).isTrue();
            assertAllRowsOnce(r);
            assertThat(r.manifest().files()).hasSize(8);
        }
    }

    @Test
    void export_whenDriverFailsThenResumed_thenNoRowLostOrDuplicated() throws Exception {
        Wrapped crashing = new Wrapped(TestDb.pgSource(), 100, 12_345, () -> new SQLException("disk on fire", "XX000"));
        String dest = "s3://exports/" + schema + "/crash/";
        ExportRequest.Builder req = ExportRequest.builder().table(schema + ".events").maxRowsPerFile(5000).format(ExportFormat.CSV)
                .destination(dest);
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            TraeJob<ExportResult> job = exporter.start(req.source(crashing.source()).build());
            assertThatThrownBy(() -> job.await(Duration.ofMinutes(1))).isInstanceOf(TraeException.class).hasMessageContaining("disk on fire");
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(openUploads(schema + "/crash/")).isZero();

            ExportResult r = exporter.resume(job.id(), req.source(TestDb.pgSource()).build()).await(Duration.ofMinutes(1));
            assertThat(r.resumed()).isTrue();
            assertAllRowsOnce(r);
            assertThat(r.manifest().files()).extracting(ManifestFile::path)
                    .startsWith("part-00000-00000.csv", "part-00000-00001.csv");
        }
    }

    @Test
    void export_whenRecoverableDriverError_thenRetriedWithinTheRun() throws Exception {
        Wrapped flaky = new Wrapped(TestDb.pgSource(), 3, 7_000, () -> new SQLRecoverableException("connection reset", "08006"));
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            ExportResult r = exporter.export(b -> b.source(flaky.source()).table(schema + ".events").maxRowsPerFile(5000)
                    .format(ExportFormat.CSV).destination("s3://exports/" + schema + "/flaky/"));
            assertAllRowsOnce(r);
            // planning connection, two failed attempts, the third succeeds
            assertThat(flaky.connections.get()).isEqualTo(4);
        }
    }

    @Test
    void export_whenS3Returns500Twice_thenRetriedAndComplete() throws Exception {
        FakeAwsServer proxy = local.s3().faultProxy();
        proxy.faults().next("PUT", 2, Fault.status(500, "InternalError"));
        TraeConfig viaProxy = local.configBuilder().endpoint("s3", proxy.endpoint()).build();
        try (OracleExporter exporter = OracleExporter.create(viaProxy)) {
            ExportResult r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".events").maxRowsPerFile(10000)
                    .format(ExportFormat.CSV).destination("s3://exports/" + schema + "/s3retry/"));
            assertAllRowsOnce(r);
            assertThat(proxy.count("PUT")).isGreaterThanOrEqualTo(r.files() + 1 + 2);
        }
    }

    @Test
    void export_whenSeveralMultipartFiles_thenPartBuffersReusedAndEveryObjectMatchesItsChecksum() throws Exception {
        TestDb.exec(TestDb.PG_URL, "CREATE TABLE " + schema + ".wide (id bigint PRIMARY KEY, body text)",
                "INSERT INTO " + schema + ".wide SELECT g, repeat(md5(g::text), 12) FROM generate_series(1, 60000) g");
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            // three files of about 7.8 MB: each a multipart upload of a 5 MiB part and a tail, the second and
            // third written into the buffers the first one used
            ExportResult r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".wide").format(ExportFormat.CSV)
                    .partSize(ExportRequest.MIN_PART_SIZE).maxPartsInFlight(1).maxRowsPerFile(20000)
                    .destination("s3://exports/" + schema + "/reuse/"));
            assertThat(r.manifest().files()).hasSize(3);
            long rows = 0;
            for (ManifestFile f : r.manifest().files()) {
                String key = f.uri().substring("s3://exports/".length());
                byte[] stored = s3().getObjectAsBytes(b -> b.bucket("exports").key(key)).asByteArray();
                assertThat(stored.length).as(f.path()).isGreaterThan(ExportRequest.MIN_PART_SIZE);
                assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(stored)))
                        .as("%s as stored equals what was written", f.path()).isEqualTo(f.sha256());
                rows += f.rows();
            }
            assertThat(rows).isEqualTo(60000);
        }
    }

    @Test
    void export_whenS3FailsMidMultipart_thenUploadAbortedAndResumeCompletes() throws Exception {
        FakeAwsServer proxy = local.s3().faultProxy();
        dev.trae.aws.core.job.JobStore store = dev.trae.aws.core.job.JobStore.inMemory();
        TraeConfig viaProxy = local.configBuilder().endpoint("s3", proxy.endpoint()).jobStore(store).build();
        String dest = "s3://exports/" + schema + "/mpu/";
        ExportRequest req = ExportRequest.builder().source(TestDb.pgSource()).table(schema + ".events").format(ExportFormat.CSV)
                .partSize(ExportRequest.MIN_PART_SIZE).maxRowsPerFile(1_000_000).destination(dest).build();
        AtomicBoolean broken = new AtomicBoolean();
        try (OracleExporter exporter = OracleExporter.create(viaProxy)) {
            TraeJob<ExportResult> job = exporter.start(req);
            job.onProgress(e -> {
                // the first 5 MiB part is on its way by ~26000 rows; then every PUT fails
                if (e.done() >= 30000 && broken.compareAndSet(false, true)) {
                    proxy.faults().always("PUT", Fault.status(503, "ServiceUnavailable"));
                }
            });
            assertThatThrownBy(() -> job.await(Duration.ofMinutes(1))).isInstanceOf(TraeException.class);
            assertThat(proxy.count("POST")).as("a multipart upload was started").isGreaterThanOrEqualTo(1);
            assertThat(openUploads(schema + "/mpu/")).as("no orphaned multipart upload").isZero();

            proxy.faults().clear();
            // the failed run opened this client's S3 circuit breaker; a new process (fresh config, same job store) resumes
            try (OracleExporter next = OracleExporter.create(local.configBuilder().endpoint("s3", proxy.endpoint()).jobStore(store).build())) {
                ExportResult r = next.resume(job.id(), req).await(Duration.ofMinutes(1));
                assertAllRowsOnce(r);
                assertThat(openUploads(schema + "/mpu/")).isZero();
            }
        }
    }

    @Test
    void export_whenCancelledAndResumed_thenEveryRowExactlyOnce() throws Exception {
        String dest = "s3://exports/" + schema + "/cancel/";
        ExportRequest req = ExportRequest.builder().source(TestDb.pgSource()).table(schema + ".events").format(ExportFormat.CSV)
                .maxRowsPerFile(2000).fetchSize(500).destination(dest).build();
        AtomicReference<TraeJob<ExportResult>> handle = new AtomicReference<>();
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            TraeJob<ExportResult> job = exporter.start(req);
            handle.set(job);
            job.onProgress(e -> {
                if (e.done() >= 9000) {
                    handle.get().cancel();
                }
            });
            assertThatThrownBy(() -> job.await(Duration.ofMinutes(1))).isInstanceOf(TraeCancelledException.class);
            assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
            String cp = exporter.config().jobStore().find(job.id()).orElseThrow().checkpoint().get("state");
            assertThat(cp).contains("part-00000-00003.csv");

            // a killed process would also leave an open multipart upload behind: resume aborts it
            s3().createMultipartUpload(b -> b.bucket("exports").key(schema + "/cancel/part-00000-00004.csv"));
            assertThat(openUploads(schema + "/cancel/")).isEqualTo(1);

            ExportResult r = exporter.resume(job.id(), req).await(Duration.ofMinutes(1));
            assertAllRowsOnce(r);
            assertThat(r.files()).isEqualTo(20);
            assertThat(openUploads(schema + "/cancel/")).isZero();
        }
    }

    @Test
    void resume_whenRequestDiffers_thenRefusedBeforeExporting() throws Exception {
        String dest = "s3://exports/" + schema + "/differs/";
        Wrapped crashing = new Wrapped(TestDb.pgSource(), 100, 100, () -> new SQLException("boom", "XX000"));
        ExportRequest req = ExportRequest.builder().source(crashing.source()).table(schema + ".events").destination(dest).build();
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            TraeJob<ExportResult> job = exporter.start(req);
            assertThatThrownBy(() -> job.await(Duration.ofMinutes(1))).isInstanceOf(TraeException.class);
            ExportRequest other = req.toBuilder().source(TestDb.pgSource()).format(ExportFormat.JSONL).build();
            assertThatThrownBy(() -> exporter.resume(job.id(), other).await(Duration.ofMinutes(1)))
                    .hasMessageContaining("different request");
        }
    }

    @Test
    void put_whenUploadingSmallObject_thenSingleRequest() {
        s3().putObject(b -> b.bucket("exports").key("probe"), RequestBody.fromString("x"));
        assertThat(openUploads("probe")).isZero();
    }
}
