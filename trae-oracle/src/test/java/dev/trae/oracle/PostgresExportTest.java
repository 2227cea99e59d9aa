package dev.trae.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.trae.oracle.Canon.Col;
import dev.trae.oracle.Canon.T;
import dev.trae.oracle.model.Manifest;
import dev.trae.oracle.model.ManifestFile;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;

/** Round trips from a real PostgreSQL through every format into the embedded S3 and a local directory. */
@ExtendWith(TraeLocalExtension.class)
class PostgresExportTest {
    static final List<Col> COLS = List.of(Col.of("id", T.LONG), Col.of("txt", T.TEXT), new Col("amount", T.DEC, 10),
            new Col("big", T.DEC, -1), Col.of("ts", T.TS), Col.of("tstz", T.TSTZ), Col.of("d", T.DATE), Col.of("bin", T.BYTES),
            Col.of("flag", T.BOOL), Col.of("f8", T.DOUBLE));

    private final TraeLocal local;
    private String schema;

    PostgresExportTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() throws Exception {
        TestDb.assumePg();
        schema = TestDb.pgSchema();
        seed(schema, 3000);
        local.s3().createBucket("exports");
    }

    @AfterEach
    void tearDown() {
        TestDb.dropPgSchema(schema);
    }

    static void seed(String schema, int rows) throws Exception {
        TestDb.exec(TestDb.PG_URL,
                "CREATE TABLE " + schema + ".mixed (id bigint PRIMARY KEY, txt text, amount numeric(38,10), big numeric, ts timestamp,"
                        + " tstz timestamptz, d date, bin bytea, flag boolean, f8 double precision)",
                "INSERT INTO " + schema + ".mixed VALUES"
                        + " (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (2, '', 0, 0, '1970-01-01 00:00:00', '1970-01-01 00:00:00+00', '1970-01-01', '\\x', false, 0),"
                        + " (3, 'He said \"hi\", then left', 1234567890123456789012345678.0123456789, 123456789012345678901234567890.123456789012345,"
                        + "  '2024-02-29 23:59:59.123456', '2024-02-29 23:59:59.123456+05:30', '2024-02-29', '\\x00ff10', true, -1.5e300),"
                        + " (4, E'line1\\nline2\\r\\nline3', -0.0000000001, -99999999999999999999.99999, '1899-12-31 12:00:00',"
                        + "  '2038-01-19 03:14:08-08:00', '0001-01-01', '\\xdeadbeef', true, 3.141592653589793),"
                        + " (5, 'Ünïcödé — Київ 東京 😀 ,;\t', 42, 1e-20, '2000-01-01 00:00:00', '2000-01-01 00:00:00+14:00', '9999-12-31', '\\x2c22', false, 1e-300),"
                        + " (6, ',', 1, 1, NULL, NULL, NULL, '\\x0a0d', NULL, NULL),"
                        + " (7, '\"', 2, 2, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (8, ' leading and trailing ', 3, 3, NULL, NULL, NULL, NULL, NULL, NULL)",
                "INSERT INTO " + schema + ".mixed SELECT g, 'row ' || g || ' ' || md5(g::text), (g * 1.25)::numeric(38,10), g::numeric * 1000000007,"
                        + " timestamp '2020-01-01' + g * interval '1 minute', timestamptz '2020-01-01 00:00:00+02' + g * interval '1 second',"
                        + " date '2020-01-01' + (g % 1000), decode(md5(g::text), 'hex'), g % 2 = 0, g / 7.0"
                        + " FROM generate_series(9, " + rows + ") g");
    }

    /** Reads a listed file from a local destination directory. */
    private static java.util.function.Function<ManifestFile, byte[]> in(Path dir) {
        return f -> {
            try {
                return Files.readAllBytes(dir.resolve(f.path()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private byte[] s3Object(ManifestFile f) {
        String key = f.uri().substring("s3://exports/".length());
        return local.s3().client().getObjectAsBytes(b -> b.bucket("exports").key(key)).asByteArray();
    }

    private List<List<String>> expected() throws Exception {
        try (Connection c = TestDb.pg()) {
            return Canon.source(c, "SELECT id, txt, amount, big, ts, tstz, d, bin, flag, f8 FROM " + schema + ".mixed ORDER BY id", COLS);
        }
    }

    static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> s = new ArrayList<>(rows);
        s.sort(Comparator.comparingLong(r -> Long.parseLong(r.get(0))));
        return s;
    }

    @ParameterizedTest(name = "{0} {1} parallel {2}")
    @CsvSource({"CSV, NONE, 1", "CSV, GZIP, 3", "JSONL, NONE, 1", "JSONL, ZSTD, 2", "PARQUET, NONE, 1", "PARQUET, ZSTD, 3",
            "PARQUET, GZIP, 1", "PARQUET, SNAPPY, 1"})
    void export_whenMixedTypesToS3_thenReadBackEqualsSource(ExportFormat format, Compression compression, int parallel) throws Exception {
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            String prefix = "s3://exports/" + schema + "/" + format + "-" + compression + "/";
            ExportResult r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".mixed").format(format)
                    .compression(compression).parallelism(parallel).maxRowsPerFile(700).destination(prefix));

            assertThat(r.rows()).isEqualTo(3000);
            assertThat(r.files()).isGreaterThanOrEqualTo(5);
            assertThat(r.manifestUri()).isEqualTo(prefix + "_manifest.json");
            Manifest stored = Manifest.parse(local.s3().client().getObjectAsBytes(b -> b.bucket("exports")
                    .key(schema + "/" + format + "-" + compression + "/_manifest.json")).asByteArray());
            assertThat(stored.files()).isEqualTo(r.manifest().files());
            assertThat(stored.schema()).extracting(c -> c.name()).containsExactly("id", "txt", "amount", "big", "ts", "tstz", "d", "bin", "flag", "f8");
            assertThat(stored.schema().get(2).exportType()).isEqualTo("DECIMAL(38,10)");
            assertThat(stored.key()).isEqualTo("id");
            for (ManifestFile f : stored.files()) {
                assertThat(f.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(s3Object(f))));
            }
            List<List<String>> got = Canon.exported(stored, this::s3Object, COLS, format, compression);
            assertThat(sorted(got)).isEqualTo(expected());
            if (parallel == 1) {
                assertThat(got).as("one partition keeps key order").isEqualTo(expected());
            } else {
                assertThat(stored.files()).extracting(ManifestFile::partition).contains(parallel - 1);
            }
        }
    }

    @Test
    void export_whenKeyIsNotNull_thenPartitionsReadTheKeyIndexInOrderWithoutSorting() throws Exception {
        TestDb.exec(TestDb.PG_URL, "CREATE TABLE " + schema + ".nk (id bigint PRIMARY KEY, code bigint, v text)",
                "INSERT INTO " + schema + ".nk SELECT g, CASE WHEN g % 50 = 0 THEN NULL ELSE g END, 'v' || g FROM generate_series(1, 20000) g",
                "ANALYZE " + schema + ".nk");
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            Wrapped rec = Wrapped.recording(TestDb.pgSource());
            // the partition SQL as JDBC prepares it (COPY runs the same SELECT with the bounds as literals)
            ExportResult r = exporter.export(b -> b.source(rec.source()).table(schema + ".nk").format(ExportFormat.CSV).parallelism(2)
                    .postgresCopy(false).destination("s3://exports/" + schema + "/nk/"));
            assertThat(r.rows()).isEqualTo(20000);
            List<String> parts = rec.sql.stream().filter(q -> q.contains("ORDER BY")).toList();
            assertThat(parts).hasSize(2).allSatisfy(q -> assertThat(q).doesNotContain("NULLS FIRST").doesNotContain("IS NULL"));
            // what PostgreSQL does with it: an index scan in key order, no sort
            try (Connection c = TestDb.pg(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + parts.get(0))) {
                ps.setLong(1, 1);
                ps.setLong(2, 10001);
                StringBuilder plan = new StringBuilder();
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).contains("Index Scan").doesNotContain("Sort");
            }

            // a key that may be NULL keeps NULLS FIRST (resume relies on NULL keys coming first) and every row
            Wrapped nullableRec = Wrapped.recording(TestDb.pgSource());
            ExportResult nullable = exporter.export(b -> b.source(nullableRec.source()).table(schema + ".nk").key("code").format(ExportFormat.CSV)
                    .parallelism(2).postgresCopy(false).destination("s3://exports/" + schema + "/nk-nullable/"));
            assertThat(nullable.rows()).isEqualTo(20000);
            assertThat(nullableRec.sql.stream().filter(q -> q.contains("ORDER BY")).toList()).hasSize(2)
                    .allSatisfy(q -> assertThat(q).contains("NULLS FIRST"));
        }
    }

    @Test
    void export_whenMaxBytesPerFile_thenFilesSplitNearTheLimitAndRowsRoundTrip(@TempDir Path dir) throws Exception {
        long limit = 32 * 1024;
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            for (ExportFormat format : ExportFormat.values()) {
                Path out = dir.resolve(format.name());
                ExportResult r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".mixed").format(format)
                        .maxBytesPerFile(limit).destination(out.toUri().toString()));
                List<ManifestFile> files = r.manifest().files();
                assertThat(files).as(format.name()).hasSizeGreaterThan(2);
                assertThat(files.stream().mapToLong(ManifestFile::rows).sum()).isEqualTo(3000);
                if (format != ExportFormat.PARQUET) {
                    for (ManifestFile f : files.subList(0, files.size() - 1)) {
                        // closed at the first check past the limit: at most 63 more rows than needed
                        List<String> lines = Files.readAllLines(out.resolve(f.path()));
                        int longest = lines.stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length + 2).max().orElse(0);
                        assertThat(f.bytes()).as(f.path()).isGreaterThanOrEqualTo(limit).isLessThan(limit + 64L * longest);
                    }
                }
                List<List<String>> got = Canon.exported(r.manifest(), in(out), COLS, format, Compression.NONE);
                assertThat(got).as(format.name()).isEqualTo(expected());
            }
        }
    }

    @Test
    void export_whenLocalDirectory_thenFilesAndManifestWrittenAtomically(@TempDir Path dir) throws Exception {
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            ExportResult r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".mixed").format(ExportFormat.CSV)
                    .compression(Compression.GZIP).maxRowsPerFile(1000).destination(dir.toUri().toString()));
            assertThat(r.files()).isEqualTo(3);
            assertThat(Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("_manifest.json", "part-00000-00000.csv.gz", "part-00000-00001.csv.gz", "part-00000-00002.csv.gz");
            List<List<String>> got = Canon.exported(r.manifest(), in(dir), COLS, ExportFormat.CSV, Compression.GZIP);
            assertThat(got).isEqualTo(expected());
        }
    }

    @Test
    void export_whenCsvNullAndEmpty_thenDistinctOnTheWire() throws Exception {
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            ExportResult r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".mixed").columns("id", "txt")
                    .where("id IN (?, ?, ?)", 1, 2, 7).format(ExportFormat.CSV).destination("s3://exports/" + schema + "/nulls/"));
            String text = ReadBack.utf8(s3Object(r.manifest().files().get(0)));
            assertThat(text).isEqualTo("id,txt\r\n1,\r\n2,\"\"\r\n7,\"\"\"\"\r\n");
        }
    }

    @Test
    void export_whenQueryWithColumnsAndFilter_thenOnlyThoseRows() throws Exception {
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            ExportResult r = exporter.export(b -> b.source(TestDb.pgSource())
                    .query("SELECT id, upper(txt) AS shout FROM " + schema + ".mixed").key("id")
                    .where("id BETWEEN ? AND ?", 100, 199).format(ExportFormat.JSONL).destination("s3://exports/" + schema + "/q/"));
            assertThat(r.rows()).isEqualTo(100);
            List<com.fasterxml.jackson.databind.JsonNode> rows = ReadBack.jsonl(s3Object(r.manifest().files().get(0)));
            assertThat(rows.get(0).get("id").asLong()).isEqualTo(100);
            assertThat(rows.get(0).get("shout").asText()).startsWith("ROW 100 ");
            assertThat(r.manifest().sourceQuery()).contains("ORDER BY \"id\"");
        }
    }

    @Test
    void export_whenEmptyResult_thenManifestWithNoFiles() throws Exception {
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            ExportResult r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".mixed").where("id < 0")
                    .format(ExportFormat.PARQUET).destination("s3://exports/" + schema + "/empty/"));
            assertThat(r.rows()).isZero();
            assertThat(r.files()).isZero();
            assertThat(r.manifest().schema()).hasSize(10);
        }
    }

    @Test
    void export_whenIncremental_thenSecondRunOnlyNewRows() throws Exception {
        String dest = "s3://exports/" + schema + "/inc/";
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            ExportResult first = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".mixed").incrementalKey("id")
                    .format(ExportFormat.CSV).destination(dest));
            assertThat(first.rows()).isEqualTo(3000);
            assertThat(first.manifest().incremental()).containsEntry("from", "").containsEntry("to", "3000");

            TestDb.exec(TestDb.PG_URL, "INSERT INTO " + schema + ".mixed (id, txt) SELECT g, 'new ' || g FROM generate_series(3001, 3050) g");
            ExportResult second = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".mixed").incrementalKey("id")
                    .format(ExportFormat.CSV).destination(dest));
            assertThat(second.rows()).isEqualTo(50);
            assertThat(second.manifest().incremental()).containsEntry("from", "3000").containsEntry("to", "3050");
            assertThat(second.manifestUri()).isEqualTo(dest + "_manifest-" + second.jobId() + ".json");
            List<List<String>> rows = ReadBack.csv(ReadBack.utf8(s3Object(second.manifest().files().get(0))), ',');
            assertThat(rows.get(1).get(0)).isEqualTo("3001");
            assertThat(rows.get(50).get(0)).isEqualTo("3050");

            ExportResult third = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".mixed").incrementalKey("id")
                    .format(ExportFormat.CSV).destination(dest));
            assertThat(third.rows()).isZero();
            assertThat(third.manifest().incremental()).containsEntry("from", "3050").containsEntry("to", "3050");
        }
    }

    @ParameterizedTest(name = "{0} key {1}")
    @CsvSource({"CSV, id", "CSV, tstz", "CSV, amount", "JSONL, id", "PARQUET, id"})
    void export_whenReadAheadOnOrOff_thenSameBytes(ExportFormat format, String key) throws Exception {
        // small fetch size: many batches, and batches where the reader renders text and ones where it leaves it to the writer
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            List<byte[]> outputs = new ArrayList<>();
            for (boolean readAhead : new boolean[] {true, false}) {
                String prefix = "s3://exports/" + schema + "/ra-" + format + "-" + key + "-" + readAhead + "/";
                ExportResult r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".mixed").key(key).format(format)
                        .fetchSize(300).readAhead(readAhead).maxRowsPerFile(1100).parallelism(1).destination(prefix));
                assertThat(r.rows()).isEqualTo(3000);
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                for (ManifestFile f : r.manifest().files()) {
                    all.write(s3Object(f));
                }
                outputs.add(all.toByteArray());
            }
            assertThat(outputs.get(0)).isEqualTo(outputs.get(1));
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().endsWith("-read") && t.isAlive());
    }

    /** A source whose second connection (the first partition's) is handed out after changes to the table are committed. */
    private Wrapped changingAfterPlanning() {
        return Wrapped.recording(TestDb.pgSource()).beforeConnection(2, () -> TestDb.exec(TestDb.PG_URL,
                "UPDATE " + schema + ".mixed SET txt = 'changed during export'",
                "DELETE FROM " + schema + ".mixed WHERE id > 2900",
                "INSERT INTO " + schema + ".mixed (id, txt) SELECT g, 'late' FROM generate_series(3001, 3100) g"));
    }

    @Test
    void export_whenTableChangesDuringParallelExport_thenAllPartitionsReadOneSnapshot() throws Exception {
        List<List<String>> before = expected();
        Wrapped changing = changingAfterPlanning();
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            ExportResult r = exporter.export(b -> b.source(changing.source()).table(schema + ".mixed").format(ExportFormat.CSV)
                    .parallelism(3).destination("s3://exports/" + schema + "/snap/"));
            assertThat(changing.connections.get()).as("planning connection plus one per partition").isEqualTo(4);
            assertThat(r.rows()).isEqualTo(3000);
            assertThat(sorted(Canon.exported(r.manifest(), this::s3Object, COLS, ExportFormat.CSV, Compression.NONE))).isEqualTo(before);
        }
        assertThat(expected()).as("the table did change during the export").isNotEqualTo(before);
    }

    @Test
    void export_whenSharedSnapshotOff_thenPartitionsSeeLaterCommits() throws Exception {
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            ExportResult r = exporter.export(b -> b.source(changingAfterPlanning().source()).table(schema + ".mixed").format(ExportFormat.CSV)
                    .parallelism(3).sharedSnapshot(false).destination("s3://exports/" + schema + "/nosnap/"));
            List<List<String>> got = Canon.exported(r.manifest(), this::s3Object, COLS, ExportFormat.CSV, Compression.NONE);
            // the connection opened after the change reads it (the other partitions race with the change)
            assertThat(got).anyMatch(row -> "changed during export".equals(row.get(1)));
        }
    }
}
