package dev.trae.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.trae.oracle.cli.ExportCli;
import dev.trae.oracle.model.Manifest;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;

/** The command line against PostgreSQL, writing to a directory and to the embedded S3. */
@ExtendWith(TraeLocalExtension.class)
class ExportCliTest {
    private final TraeLocal local;
    private String schema;
    @TempDir
    Path tmp;

    ExportCliTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() throws Exception {
        TestDb.assumePg();
        schema = TestDb.pgSchema();
        TestDb.exec(TestDb.PG_URL, "CREATE TABLE " + schema + ".t (id int PRIMARY KEY, v text)",
                "INSERT INTO " + schema + ".t SELECT g, 'v' || g FROM generate_series(1, 2500) g");
    }

    @AfterEach
    void tearDown() {
        TestDb.dropPgSchema(schema);
    }

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return ExportCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void export_whenFileDestination_thenPrintsManifestAndTotals() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path dir = tmp.resolve("out");
        int code = run(out, err, "export", "--jdbc-url", TestDb.PG_URL, "--user", "postgres", "--password-env", "HOME",
                "--table", schema + ".t", "--format", "jsonl", "--compression", "gzip", "--out", dir.toUri().toString(),
                "--max-rows-per-file", "1000", "--job-dir", tmp.resolve("jobs").toString(), "--no-progress", "--job-id", "cli-1");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("manifest: " + dir.resolve("_manifest.json").toUri()).contains("rows: 2500").contains("files: 3");
        Manifest m = Manifest.parse(Files.readAllBytes(dir.resolve("_manifest.json")));
        assertThat(m.totalRows()).isEqualTo(2500);

        // the same job again is refused (already done)
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        assertThat(run(out2, err, "export", "--jdbc-url", TestDb.PG_URL, "--table", schema + ".t",
                "--format", "jsonl", "--compression", "gzip", "--out", dir.toUri().toString(), "--job-dir", tmp.resolve("jobs").toString(),
                "--no-progress", "--user", "postgres", "--max-rows-per-file", "1000", "--job-id", "cli-1")).as(out2.toString() + err).isEqualTo(2);
    }

    @Test
    void export_whenS3EndpointGiven_thenWritesToIt() {
        local.s3().createBucket("cli");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty("aws.accessKeyId", dev.trae.testkit.aws.s3.EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", dev.trae.testkit.aws.s3.EmbeddedS3.SECRET_KEY);
        try {
            int code = run(out, err, "export", "--jdbc-url", TestDb.PG_URL, "--user", "postgres", "--table", schema + ".t",
                    "--format", "parquet", "--out", "s3://cli/t/", "--s3-endpoint", local.s3().endpoint().toString(), "--parallel", "2",
                    "--job-dir", tmp.resolve("jobs").toString(), "--read-ahead", "--report-heap");
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("manifest: s3://cli/t/_manifest.json").contains("rows: 2500")
                .containsPattern("process-cpu-nanos: [1-9][0-9]*").containsPattern("peak-live-heap-bytes: [0-9]+");
        Manifest m = Manifest.parse(local.s3().client().getObjectAsBytes(b -> b.bucket("cli").key("t/_manifest.json")).asByteArray());
        assertThat(m.files()).extracting(f -> f.partition()).containsExactly(0, 1);
    }

    @Test
    void export_whenBadArguments_thenUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        assertThat(run(out2, err, "export", "--jdbc-url", TestDb.PG_URL, "--table", "x; drop", "--out", "s3://b-1/p/",
                "--job-dir", tmp.resolve("jobs").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("table");
        assertThat(run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "export", "--table", "t")).isEqualTo(2);
    }
}
