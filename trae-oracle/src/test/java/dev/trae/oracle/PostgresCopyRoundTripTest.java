package dev.trae.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.PGConnection;

import dev.trae.oracle.model.ManifestFile;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;

/**
 * Hostile values through both CSV paths (PostgreSQL's COPY and JDBC), read back cell for cell: every exported
 * file is loaded into a table of text columns with PostgreSQL's own CSV reader ({@code COPY ... FROM STDIN}, the
 * reader the files are most likely to meet), each text cast to the source column's exact type and compared with
 * the source as text, so that NULL against empty, -0 against 0, NaN, a numeric's scale and an interval's fields
 * all count. The only conversion that differs by path is bytea: the JDBC path writes base64, COPY hex.
 */
@ExtendWith(TraeLocalExtension.class)
class PostgresCopyRoundTripTest {
    private final TraeLocal local;
    private String schema;

    PostgresCopyRoundTripTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() throws Exception {
        TestDb.assumePg();
        schema = TestDb.pgSchema();
        local.s3().createBucket("exports");
        TestDb.exec(TestDb.PG_URL,
                "CREATE TABLE " + schema + ".hostile (id bigint PRIMARY KEY, t text, n numeric, n38 numeric(38,0), d38 numeric(38,10),"
                        + " f8 double precision, f4 real, ts timestamp, tstz timestamptz, dt date, b bytea, j jsonb, u uuid,"
                        + " iv interval, flag boolean)",
                "INSERT INTO " + schema + ".hostile VALUES"
                        + " (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (2, '', 0, 0, 0, 0, 0, '2000-01-01', '2000-01-01 00:00+00', '2000-01-01', '\\x', '\"\"',"
                        + "  '00000000-0000-0000-0000-000000000000', '0', false),"
                        + " (3, 'He said \"hi\", then left', 99999999999999999999999999999999999999, 99999999999999999999999999999999999999,"
                        + "  9999999999999999999999999999.9999999999, 'NaN', 'NaN', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', '0001-01-01',"
                        + "  '\\x00ff10', '{\"a\": \"x\\\"y\", \"b\": [1, 2.50, null], \"c\": \"\\u00e9\\n\"}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
                        + "  '1 year 2 mons 3 days 04:05:06.789', true),"
                        + " (4, E'line1\\nline2\\r\\nline3\\r', -0.00000000000000000000000000000000000001, -99999999999999999999999999999999999999,"
                        + "  -9999999999999999999999999999.9999999999, 'Infinity', 'Infinity', '9999-12-31 23:59:59.999999',"
                        + "  '9999-12-31 23:59:59.999999+00', '9999-12-31', '\\x0a0d2c22', '[]', 'ffffffff-ffff-ffff-ffff-ffffffffffff',"
                        + "  '-1 days +02:00:00', true),"
                        + " (5, 'Ünïcödé — Київ 東京 😀 ‮rtl‬ \uFEFF,;\t', 'NaN', 1, 0.0000000001, '-Infinity', '-Infinity',"
                        + "  '1999-12-31 23:59:59.5', '2000-01-01 00:00:00+14', '1970-01-01', '\\x5c2e0a', '{\"k\": \"😀,\\r\\n\"}',"
                        + "  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', '00:00:00.000001', false),"
                        + " (6, ',', 'Infinity', 2, 1, '-0', '-0', '1899-12-31 12:00:00', '1899-12-31 12:00:00-08', '1899-12-31', '\\x2c',"
                        + "  'null', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13', '-178000000 years', NULL),"
                        + " (7, '\"', '-Infinity', 3, 2, 1.7976931348623157e308, 3.4028235e38, NULL, NULL, NULL, NULL, '1.0', NULL,"
                        + "  '178000000 years', NULL),"
                        + " (8, ' leading and trailing ', 123456789012345678901234567890.123456789012345, 4, 3, 4.9e-324, 1.4e-45,"
                        + "  NULL, NULL, NULL, NULL, '\"text\"', NULL, NULL, NULL),"
                        + " (9, '\\.', 1.50, 5, 1.5, 0.1, 0.1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (10, '\\N', -0.0, 6, -0.0, 1e-300, 1e-30, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (11, 'NULL', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                        + "  NULL, NULL, NULL, NULL) ",
                "UPDATE " + schema + ".hostile SET b = (SELECT decode(string_agg(lpad(to_hex(g), 2, '0'), ''), 'hex') FROM generate_series(0, 255) g)"
                        + " WHERE id = 11",
                "INSERT INTO " + schema + ".hostile SELECT g, 'row ' || g || ' \"' || md5(g::text) || E'\"\\n', g * 1.25, g, g / 7.0, g / 3.0, g / 3.0,"
                        + " timestamp '2020-01-01' + g * interval '1 minute', timestamptz '2020-01-01 00:00:00+02' + g * interval '1 second',"
                        + " date '2020-01-01' + g, decode(md5(g::text), 'hex'), jsonb_build_object('g', g), md5(g::text)::uuid,"
                        + " g * interval '1 second', g % 2 = 0 FROM generate_series(12, 2000) g");
    }

    @AfterEach
    void tearDown() {
        TestDb.dropPgSchema(schema);
    }

    @ParameterizedTest(name = "postgresCopy {0}, parallel {1}, read-ahead {2}")
    @CsvSource({"true, 1, false", "true, 3, false", "false, 1, false", "false, 3, false", "false, 2, true"})
    void export_whenHostileValues_thenEveryCellComesBackOnBothPaths(boolean copy, int parallel, boolean readAhead) throws Exception {
        String prefix = schema + "/copy-" + copy + "-" + parallel + "-" + readAhead + "/";
        ExportResult r;
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".hostile").postgresCopy(copy).parallelism(parallel)
                    .readAhead(readAhead).maxRowsPerFile(300).destination("s3://exports/" + prefix));
        }
        assertThat(r.path()).isEqualTo(copy ? ExportResult.PATH_POSTGRES_COPY : ExportResult.PATH_JDBC);
        assertThat(r.rows()).isEqualTo(2000);
        assertThat(r.files()).isGreaterThanOrEqualTo(7);
        assertThat(mismatches(r, copy ? "x.b::bytea" : "decode(x.b, 'base64')", "(FORMAT csv, HEADER true)")).isEmpty();
    }

    @Test
    void export_whenCsvOptionsCopyCanExpress_thenCopyPathWithThoseOptions() throws Exception {
        CsvOptions o = CsvOptions.defaults().withDelimiter(';').withNullText("NULL").withLineSeparator("\n");
        ExportResult r;
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".hostile").csv(o).maxRowsPerFile(700)
                    .destination("s3://exports/" + schema + "/options/"));
        }
        assertThat(r.path()).isEqualTo(ExportResult.PATH_POSTGRES_COPY);
        assertThat(r.notes()).isEmpty();
        byte[] first = object(r.manifest().files().get(0));
        String text = new String(first, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).startsWith("id;t;n;n38;d38;f8;f4;ts;tstz;dt;b;j;u;iv;flag\n1;NULL;NULL;")
                .contains("\n11;\"NULL\";NULL;").doesNotContain("\r\n2;");
        assertThat(mismatches(r, "x.b::bytea", "(FORMAT csv, HEADER true, DELIMITER ';', NULL 'NULL')")).isEmpty();
    }

    @Test
    void export_whenCopyCannotExpressTheRequest_thenJdbcPathAndTheResultSaysWhy() throws Exception {
        ExportResult r;
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            // a non-ASCII delimiter: COPY takes a single one-byte character
            r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".hostile").csv(CsvOptions.defaults().withDelimiter('§'))
                    .destination("s3://exports/" + schema + "/fallback/"));
        }
        assertThat(r.path()).isEqualTo(ExportResult.PATH_JDBC);
        assertThat(r.notes()).singleElement().asString().contains("PostgreSQL COPY not used").contains("delimiter");
        assertThat(r.rows()).isEqualTo(2000);
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            // the key is not among the exported columns: its value could not be read back from COPY's rows
            r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".hostile").columns("t", "n").key("id")
                    .destination("s3://exports/" + schema + "/fallback-key/"));
        }
        assertThat(r.path()).isEqualTo(ExportResult.PATH_JDBC);
        assertThat(r.notes()).singleElement().asString().contains("key column id");
    }

    @Test
    void export_whenNullableKeyAndNullText_thenCopySplitsOnTheKeyAndEveryRowOnce() throws Exception {
        TestDb.exec(TestDb.PG_URL, "CREATE TABLE " + schema + ".nk (id bigint PRIMARY KEY, code bigint, v text)",
                "INSERT INTO " + schema + ".nk SELECT g, CASE WHEN g % 50 = 0 THEN NULL ELSE g / 3 END, 'v' || g FROM generate_series(1, 5000) g");
        ExportResult r;
        try (OracleExporter exporter = OracleExporter.create(local.config())) {
            r = exporter.export(b -> b.source(TestDb.pgSource()).table(schema + ".nk").key("code").parallelism(2).maxRowsPerFile(400)
                    .csv(CsvOptions.defaults().withNullText("NULL")).destination("s3://exports/" + schema + "/nk/"));
        }
        assertThat(r.path()).isEqualTo(ExportResult.PATH_POSTGRES_COPY);
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.Map<String, Integer> fileOfCode = new java.util.HashMap<>();
        for (ManifestFile f : r.manifest().files()) {
            List<List<String>> rows = ReadBack.csv(new String(object(f), java.nio.charset.StandardCharsets.UTF_8), ',');
            assertThat(rows.size() - 1).as(f.path()).isEqualTo((int) f.rows());
            for (List<String> row : rows.subList(1, rows.size())) {
                assertThat(ids.add(row.get(0))).as("id %s once", row.get(0)).isTrue();
                // files are cut only where the key changes: rows of one key are in one file
                Integer before = fileOfCode.putIfAbsent(row.get(1), f.path().hashCode());
                assertThat(before == null || before == f.path().hashCode()).as("code %s in one file", row.get(1)).isTrue();
            }
        }
        assertThat(ids).hasSize(5000);
        assertThat(fileOfCode).containsKey("NULL");
    }

    private byte[] object(ManifestFile f) {
        String key = f.uri().substring("s3://exports/".length());
        return local.s3().client().getObjectAsBytes(o -> o.bucket("exports").key(key)).asByteArray();
    }

    /** Loads every file into a text table and lists the cells that differ from the source, as "id column: source / exported". */
    private List<String> mismatches(ExportResult r, String bytea, String copyOptions) throws Exception {
        String[] cols = {"t", "n", "n38", "d38", "f8", "f4", "ts", "tstz", "dt", "b", "j", "u", "iv", "flag"};
        try (Connection c = TestDb.pg(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + schema + ".back (id text, t text, n text, n38 text, d38 text, f8 text, f4 text, ts text, tstz text,"
                    + " dt text, b text, j text, u text, iv text, flag text)");
            for (ManifestFile f : r.manifest().files()) {
                long loaded = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + schema + ".back FROM STDIN " + copyOptions,
                        new ByteArrayInputStream(object(f)));
                assertThat(loaded).as(f.path()).isEqualTo(f.rows());
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT id) FROM " + schema + ".back")) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows read back").isEqualTo(2000);
                assertThat(rs.getLong(2)).as("distinct ids read back").isEqualTo(2000);
            }
            for (String col : cols) {
                String exported = col.equals("b") ? bytea : "x." + col;
                String sql = "SELECT s.id, s." + col + "::text, x." + col + " FROM " + schema + ".hostile s JOIN " + schema
                        + ".back x ON x.id::bigint = s.id WHERE s." + col + "::text IS DISTINCT FROM (" + exported
                        + ")::" + type(c, col) + "::text";
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        out.add(rs.getLong(1) + " " + col + ": " + rs.getString(2) + " / " + rs.getString(3));
                    }
                }
            }
            return out;
        }
    }

    private String type(Connection c, String col) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = '" + schema + ".hostile'::regclass AND attname = '" + col + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
