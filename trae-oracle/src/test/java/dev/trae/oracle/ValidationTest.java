package dev.trae.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.oracle.model.Manifest;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;

/** Bad and hostile input is refused before any connection; secrets stay out of strings and messages. */
@ExtendWith(TraeLocalExtension.class)
class ValidationTest {
    private final TraeLocal local;

    ValidationTest(TraeLocal local) {
        this.local = local;
    }

    private static ExportRequest.Builder base() {
        return ExportRequest.builder().source(JdbcSource.url("jdbc:h2:mem:x", "sa", "")).table("T").destination("s3://bucket-a/p/");
    }

    private static void refused(String parameter, Consumer<ExportRequest.Builder> change) {
        ExportRequest.Builder b = base();
        change.accept(b);
        assertThatThrownBy(b::build).isInstanceOf(TraeValidationException.class)
                .satisfies(e -> assertThat(((TraeValidationException) e).parameter()).isEqualTo(parameter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x; DROP TABLE users", "a\"b", "t--", "t/*x*/", "", " t", "t t", "a.b.c", "1abc", "t'", "ta\u0000b",
            "ünïcode", "a..b", "x)", "averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongname_129"})
    void build_whenHostileTableName_thenRefused(String name) {
        refused("table", b -> b.table(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id\" FROM secrets --", "a b", "*", "x,y", "sum(x)"})
    void build_whenHostileColumnOrKey_thenRefused(String name) {
        refused("columns", b -> b.columns("ID", name));
        refused("key", b -> b.key(name));
        refused("incrementalKey", b -> b.incrementalKey(name));
    }

    @Test
    void build_whenOtherBadInput_thenRefused() {
        refused("table", b -> b.table(null));
        refused("table", b -> b.query("SELECT 1"));
        refused("query", b -> b.table(null).query("  "));
        refused("query", b -> b.table(null).query("SELECT 1;"));
        refused("query", b -> b.table(null).query("x".repeat(100_001)));
        refused("where", b -> b.where("1=1; DELETE FROM t"));
        refused("where", b -> b.where(" "));
        refused("parallelism", b -> b.parallelism(0));
        refused("parallelism", b -> b.parallelism(65));
        refused("parallelism", b -> b.table(null).query("SELECT 1 AS X").parallelism(2));
        refused("destination", b -> b.destination(null));
        refused("destination", b -> b.destination("http://bucket/p"));
        refused("destination", b -> b.destination("s3://Bad_Bucket/p"));
        refused("destination", b -> b.destination("s3://bucket-a/../etc"));
        refused("destination", b -> b.destination("file:relative/dir"));
        refused("destination", b -> b.destination("s3://bucket-a/" + "x".repeat(3000)));
        refused("maxRowsPerFile", b -> b.maxRowsPerFile(0));
        refused("maxBytesPerFile", b -> b.maxBytesPerFile(10));
        refused("fetchSize", b -> b.fetchSize(0));
        refused("partSize", b -> b.partSize(1024));
        refused("maxPartsInFlight", b -> b.maxPartsInFlight(0));
        refused("compression", b -> b.compression(Compression.SNAPPY));
        refused("columns", b -> b.columns("A", "a"));
        refused("key", b -> b.key("A").incrementalKey("B"));
        refused("incrementalFrom", b -> b.incrementalFrom("5"));
        refused("jobId", b -> b.jobId("../../etc/passwd"));
        assertThatThrownBy(() -> ExportRequest.builder().table("T").destination("s3://bucket-a/p/").build())
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> JdbcSource.url("postgresql://h/db", "u", "p")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> DbLogin.of(" ", "p")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> Encryption.sseKms("key with spaces")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> CsvOptions.defaults().withDelimiter('"')).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> CsvOptions.defaults().withNullText("a,b")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> ExportFormat.parse("xml")).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void build_whenBaseRequestValid_thenBuilds() {
        ExportRequest r = base().columns("A", "b").key("A").build();
        assertThat(r.columns()).containsExactly("A", "b");
        assertThat(r.toBuilder().build().toString()).isEqualTo(r.toString());
    }

    @Test
    void export_whenIdentifierValidButUnknown_thenNoSqlWithIt() throws Exception {
        String url = TestDb.h2Url();
        TestDb.exec(url, "CREATE TABLE REAL_T (ID INT PRIMARY KEY, V VARCHAR(10))");
        Wrapped rec = Wrapped.recording(JdbcSource.url(url, "sa", ""));
        local.s3().createBucket("bucket-a");
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            assertThatThrownBy(() -> exporter.export(b -> b.source(rec.source()).table("NOPE_T").destination("s3://bucket-a/p/")))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("no table");
            assertThatThrownBy(() -> exporter.export(b -> b.source(rec.source()).table("REAL_T").columns("ID", "MISSING_COL")
                    .destination("s3://bucket-a/p/"))).isInstanceOf(TraeValidationException.class).hasMessageContaining("MISSING_COL");
            assertThatThrownBy(() -> exporter.export(b -> b.source(rec.source()).table("REAL_T").key("V_")
                    .destination("s3://bucket-a/p/"))).isInstanceOf(TraeValidationException.class);
        }
        assertThat(rec.sql).noneMatch(s -> s.contains("NOPE_T") || s.contains("MISSING_COL") || s.contains("V_"));
        // sanity: a real name resolved from metadata does reach SQL, quoted
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            exporter.export(b -> b.source(rec.source()).table("real_t").columns("id").destination("s3://bucket-a/p/"));
        }
        assertThat(rec.sql).anyMatch(s -> s.startsWith("SELECT \"ID\", \"ID\"") || s.startsWith("SELECT \"ID\" FROM \"REAL_T\""));
        DriverManager.getConnection(url, "sa", "").close();
    }

    @Test
    void toString_whenPasswordsPresent_thenMasked() {
        JdbcSource a = JdbcSource.url("jdbc:postgresql://db:5432/x?user=app&password=S3cr3tValue", "app", "S3cr3tValue");
        JdbcSource b = JdbcSource.url("jdbc:oracle:thin:app/S3cr3tValue@//db:1521/FREE", "app", "S3cr3tValue");
        assertThat(a.toString()).doesNotContain("S3cr3tValue").contains("password=****");
        assertThat(b.toString()).doesNotContain("S3cr3tValue");
        assertThat(DbLogin.of("app", "S3cr3tValue").toString()).doesNotContain("S3cr3tValue");
        ExportRequest r = ExportRequest.builder().source(a).table("T").destination("s3://bucket-a/p/").build();
        assertThat(r.toString()).doesNotContain("S3cr3tValue");
    }

    @Test
    void export_whenConnectionFails_thenMessageHasNoPassword() {
        JdbcSource bad = JdbcSource.url("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "app", "S3cr3tValue");
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            assertThatThrownBy(() -> exporter.start(b -> b.source(bad).table("T").destination("s3://bucket-a/p/")).await(Duration.ofSeconds(30)))
                    .isInstanceOf(TraeException.class)
                    .satisfies(e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain("S3cr3tValue");
                        }
                    });
        }
    }

    @Test
    void export_whenCredentialFromSecretsProvider_thenFetchedPerConnection() throws Exception {
        String url = TestDb.h2Url().replace(";MODE=Oracle", ";MODE=Oracle;USER=exporter;PASSWORD=Rotated-1");
        TestDb.exec(url.replace("USER=exporter;PASSWORD=Rotated-1", "USER=sa;PASSWORD="), "CREATE USER IF NOT EXISTS EXPORTER PASSWORD 'Rotated-1' ADMIN");
        String plain = url.replace(";USER=exporter;PASSWORD=Rotated-1", "");
        TestDb.exec(plain, "CREATE TABLE T1 (ID INT PRIMARY KEY, V VARCHAR(5))", "INSERT INTO T1 VALUES (1, 'a'), (2, 'b')");
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        dev.trae.security.SecretsProvider secrets = new dev.trae.security.SecretsProvider() {
            @Override
            public dev.trae.security.model.SecretValue get(String id, String stage) {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.trae.security.model.DatabaseCredential databaseCredential(String id) {
                assertThat(id).isEqualTo("prod/oracle/exporter");
                reads.incrementAndGet();
                return dev.trae.security.model.DatabaseCredential.builder().username("exporter").password("Rotated-1").build();
            }
        };
        local.s3().createBucket("bucket-a");
        JdbcSource src = JdbcSource.secret(plain, secrets, "prod/oracle/exporter");
        assertThat(src.toString()).doesNotContain("Rotated-1");
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            ExportResult r = exporter.export(b -> b.source(src).table("T1").destination("s3://bucket-a/secret/"));
            assertThat(r.rows()).isEqualTo(2);
        }
        assertThat(reads.get()).as("one read per connection: planning and the partition").isEqualTo(2);
    }

    @Test
    void resume_whenUnknownJob_thenRefused() {
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            assertThatThrownBy(() -> exporter.resume("oracle-export-nope", base().build())).isInstanceOf(TraeValidationException.class);
        }
    }

    @Test
    void manifest_whenCorrupt_thenClearError() {
        assertThatThrownBy(() -> Manifest.parse("{not json".getBytes())).isInstanceOf(TraeException.class)
                .hasMessageContaining("manifest is not valid");
    }
}
