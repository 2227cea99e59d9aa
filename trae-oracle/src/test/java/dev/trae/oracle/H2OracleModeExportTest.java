package dev.trae.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.oracle.Canon.Col;
import dev.trae.oracle.Canon.T;
import dev.trae.oracle.model.ManifestFile;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;

/** H2 in Oracle mode: Oracle types (NUMBER, VARCHAR2, DATE with time, TIMESTAMP WITH TIME ZONE, RAW, BLOB, CLOB), LOBs, encryption. */
@ExtendWith(TraeLocalExtension.class)
class H2OracleModeExportTest {
    static final List<Col> COLS = List.of(new Col("ID", T.DEC, 0), new Col("AMOUNT", T.DEC, 4), Col.of("NAME", T.TEXT),
            Col.of("CREATED", T.TS), Col.of("AT_TZ", T.TSTZ), Col.of("RAWV", T.BYTES), Col.of("DOC", T.TEXT), Col.of("PIC", T.BYTES));

    private final TraeLocal local;
    private String url;

    H2OracleModeExportTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() throws Exception {
        url = TestDb.h2Url();
        TestDb.exec(url, "CREATE TABLE INCIDENTS (ID NUMBER(10) PRIMARY KEY, AMOUNT NUMBER(20,4), NAME VARCHAR2(200),"
                + " CREATED DATE, AT_TZ TIMESTAMP WITH TIME ZONE, RAWV RAW(16), DOC CLOB, PIC BLOB)");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             PreparedStatement ps = c.prepareStatement("INSERT INTO INCIDENTS VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= 1200; i++) {
                ps.setInt(1, i);
                ps.setBigDecimal(2, i % 10 == 0 ? null : new java.math.BigDecimal("1234567890123456." + String.format("%04d", i % 10000)));
                ps.setString(3, i == 1 ? "Насос \"3\", протікає;\nстанція Київ-12" : "incident " + i);
                ps.setObject(4, java.time.LocalDateTime.of(2024, 3, 1, 13, 45, 30).plusHours(i));
                ps.setObject(5, java.time.OffsetDateTime.of(2024, 3, 1, 13, 45, 30, 0, java.time.ZoneOffset.ofHours(i % 2 == 0 ? 2 : -5)));
                ps.setBytes(6, new byte[] {(byte) i, 0, (byte) 0xff});
                ps.setString(7, i % 7 == 0 ? null : "long text ".repeat(i % 50 + 1) + "\"quoted\"");
                ps.setBytes(8, i % 5 == 0 ? null : ("blob-" + i).getBytes(StandardCharsets.UTF_8));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        local.s3().createBucket("exports");
    }

    private byte[] s3Object(ManifestFile f) {
        String key = f.uri().substring("s3://exports/".length());
        return local.s3().client().getObjectAsBytes(b -> b.bucket("exports").key(key)).asByteArray();
    }

    private List<List<String>> expected() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            return Canon.source(c, "SELECT ID, AMOUNT, NAME, CREATED, AT_TZ, RAWV, DOC, PIC FROM INCIDENTS ORDER BY ID", COLS);
        }
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void export_whenOracleTypes_thenRoundTrip(ExportFormat format) throws Exception {
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            ExportResult r = exporter.export(b -> b.source(JdbcSource.url(url, "sa", "")).table("incidents").format(format)
                    .maxRowsPerFile(500).parallelism(2).destination("s3://exports/h2/" + format + "/"));
            assertThat(r.rows()).isEqualTo(1200);
            assertThat(r.manifest().schema()).extracting(c -> c.exportType())
                    .containsExactly("DECIMAL(10,0)", "DECIMAL(20,4)", "STRING", "TIMESTAMP", "TIMESTAMP_TZ", "BYTES", "CLOB", "BLOB");
            List<List<String>> got = Canon.exported(r.manifest(), this::s3Object, COLS, format, Compression.NONE);
            got.sort(java.util.Comparator.comparingLong(x -> Long.parseLong(x.get(0))));
            assertThat(got).isEqualTo(expected());
        }
    }

    @Test
    void export_whenClientSideEncrypted_thenOnlyDecryptableWithContext() throws Exception {
        TestKms kms = new TestKms();
        TraeConfig config = local.configBuilder().kmsKeyProvider(kms).build();
        try (OracleExporter exporter = OracleExporter.create(config)) {
            ExportResult r = exporter.export(b -> b.source(JdbcSource.url(url, "sa", "")).table("INCIDENTS").format(ExportFormat.CSV)
                    .compression(Compression.GZIP).encryption(Encryption.clientSide()).destination("s3://exports/h2enc/"));
            assertThat(r.manifest().encryption()).containsEntry("type", "client-side").containsEntry("keyId", "test-local-key");
            ManifestFile f = r.manifest().files().get(0);
            byte[] stored = s3Object(f);
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("incident 2");
            byte[] plain = kms.decrypt(stored, Map.of("trae:export-job", r.jobId(), "trae:object", f.uri()));
            String csv = ReadBack.utf8(ReadBack.decompress(plain, Compression.GZIP));
            assertThat(csv).startsWith("ID,AMOUNT,NAME,").contains("incident 1200");
            assertThatThrownBy(() -> kms.decrypt(stored, Map.of("trae:export-job", "other", "trae:object", f.uri())))
                    .hasMessageContaining("decryption failed");
        }
    }

    @Test
    void export_whenClientSideWithoutKmsProvider_thenRefusedBeforeStart() {
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            assertThatThrownBy(() -> exporter.start(b -> b.source(JdbcSource.url(url, "sa", "")).table("INCIDENTS")
                    .encryption(Encryption.clientSide()).destination("s3://exports/x/")))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("KmsKeyProvider");
        }
    }

    @Test
    void export_whenSseKms_thenRequestsCarryKmsHeaders() throws Exception {
        var proxy = local.s3().faultProxy();
        try (OracleExporter exporter = OracleExporter.create(local.configBuilder().endpoint("s3", proxy.endpoint()).build())) {
            ExportResult r = exporter.export(b -> b.source(JdbcSource.url(url, "sa", "")).table("INCIDENTS")
                    .encryption(Encryption.sseKms("alias/trae-exports")).destination("s3://exports/h2sse/"));
            assertThat(r.manifest().encryption()).containsEntry("type", "sse-kms").containsEntry("keyId", "alias/trae-exports");
        }
        List<FakeRequest> puts = proxy.requests("PUT");
        assertThat(puts).isNotEmpty();
        assertThat(puts).allSatisfy(p -> {
            assertThat(p.header("x-amz-server-side-encryption")).contains("aws:kms");
            assertThat(p.header("x-amz-server-side-encryption-aws-kms-key-id")).contains("alias/trae-exports");
        });
    }

    @Test
    void export_whenPlanningFails_thenConcurrentUploadCleanupHasStoppedAndNothingIsWritten() throws Exception {
        var proxy = local.s3().faultProxy();
        try (OracleExporter exporter = OracleExporter.create(local.configBuilder().endpoint("s3", proxy.endpoint()).build())) {
            assertThatThrownBy(() -> exporter.export(b -> b.source(JdbcSource.url(url, "sa", "")).table("INCIDENTS")
                    .columns("ID", "NO_SUCH_COLUMN").destination("s3://exports/h2fail/")))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("NO_SUCH_COLUMN");
            // the clean-up of earlier uploads, started beside planning, is over (stopped or finished)
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().endsWith("-cleanup") && t.isAlive());
        }
        assertThat(proxy.requests("PUT")).as("no object, part or manifest written").isEmpty();
        assertThat(proxy.requests("POST")).as("no multipart upload started").isEmpty();
    }
}
