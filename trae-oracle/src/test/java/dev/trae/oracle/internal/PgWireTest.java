package dev.trae.oracle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.trae.oracle.CsvOptions;

/**
 * The CSV writer's wire path on PostgreSQL (text columns from the driver's UTF-8 bytes, binary numeric and
 * timestamptz decoded here) writes exactly the bytes of its typed path ({@code getString}, {@code getBigDecimal},
 * {@code getObject(OffsetDateTime)}) for hostile values, with binary transfer on (the exporter's default) and off.
 */
class PgWireTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private static final String SELECT = "SELECT * FROM (VALUES"
            + " (1, NULL::text, NULL::varchar(10), NULL::char(4), NULL::numeric, NULL::numeric(18,4), NULL::timestamptz, NULL::jsonb,"
            + "  NULL::interval, NULL::uuid, NULL::text[], NULL::name, NULL::json),"
            + " (2, '', '', '', 0, 0, '2000-01-01 00:00+00', '\"\"', '0', '00000000-0000-0000-0000-000000000000', '{}', '', '\"\"'),"
            + " (3, 'He said \"hi\", then left', 'a;b', 'ab', 99999999999999999999999999999999999999, 12345678901234.5678,"
            + "  '0001-01-01 00:00:00+00', '{\"a\": \"x\\\"y\", \"b\": [1, 2.50, null]}', '1 year 2 mons 3 days 04:05:06.789',"
            + "  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{a,\"b c\",NULL}', 'n\"m', '{\"k\" : 1}'),"
            + " (4, E'line1\\nline2\\r\\nline3\\r', E'\\r', 'é', -0.00000000000000000000000000000000000001, -0.0001,"
            + "  '9999-12-31 23:59:59.999999+00', '[]', '-1 days +02:00:00', NULL, NULL, NULL, NULL),"
            + " (5, 'Ünïcödé — Київ 東京 😀 ‮rtl‬ \uFEFF,;\t', '😀', '東', 'NaN', 1.5, '2000-01-01 00:00:00+14', '{\"k\": \"😀,\\r\\n\"}',"
            + "  '00:00:00.000001', NULL, NULL, NULL, NULL),"
            + " (6, ';', 'NULL', 'NULL', 'Infinity', -99999999999999.9999, '1899-12-31 12:00:00-08', 'null', '-178000000 years', NULL, NULL, NULL, NULL),"
            + " (7, '\"', '\\N', NULL, '-Infinity', 0.0001, 'infinity', '1.0', '178000000 years', NULL, NULL, NULL, NULL),"
            + " (8, 'NULL', ' x ', NULL, 123456789012345678901234567890.123456789012345, 100000000.0000, '-infinity', NULL, NULL, NULL, NULL, NULL, NULL),"
            + " (9, '\\.', NULL, NULL, 1.50, 10000, '4713-01-01 00:00:00+00 BC', NULL, NULL, NULL, NULL, NULL, NULL),"
            + " (10, 'x', NULL, NULL, -0.0, -1, '1970-01-01 00:00:00.5+00', NULL, NULL, NULL, NULL, NULL, NULL),"
            + " (11, 'y', NULL, NULL, 0.000000000000000000001, 5000.0005, '1969-12-31 23:59:59.999999+00', NULL, NULL, NULL, NULL, NULL, NULL),"
            + " (12, 'z', NULL, NULL, 1e40, 0.5, '2024-02-29 23:59:59.123456+05:30', NULL, NULL, NULL, NULL, NULL, NULL)"
            + ") v(id, t, vc, ch, n, n184, tstz, j, iv, u, arr, nm, js)"
            + " UNION ALL SELECT g, 'row ' || g || ' \"' || md5(g::text) || E'\"\\n', md5(g::text), 'c', g * 1.25 / 7, (g * 1.2345)::numeric(18,4),"
            + " timestamptz '1900-01-01 00:00:00+02' + g * interval '1 hour 1.000001 second', jsonb_build_object('g', g), g * interval '1 second',"
            + " md5(g::text)::uuid, ARRAY[g::text], 'n' || g, json_build_object('g', g) FROM generate_series(13, 3000) g ORDER BY 1";

    private static Connection connect(String prepareThreshold) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("prepareThreshold", prepareThreshold);
        return DriverManager.getConnection(URL, p);
    }

    private static byte[] csv(ResultSet rs, boolean wire, CsvOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvRowWriter w = new CsvRowWriter(out, ColumnInfo.from(rs.getMetaData(), Dialect.POSTGRESQL), options);
        Cells cells = Cells.of(rs, wire);
        while (rs.next()) {
            w.write(cells);
        }
        w.finish();
        return out.toByteArray();
    }

    private static void assertSameBothWays(String prepareThreshold, CsvOptions options, Cells.Wire... expectedForms) throws Exception {
        try (Connection c = connect(prepareThreshold)) {
            c.setAutoCommit(false);
            byte[] typed;
            byte[] wire;
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    typed = csv(rs, false, options);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    // the wire path is really taken: the forms the columns were given
                    Cells.Wire[] forms = PgWire.forms(rs);
                    assertThat(forms).isNotNull();
                    assertThat(Arrays.copyOfRange(forms, 1, 6)).containsExactly(expectedForms);
                    wire = csv(rs, true, options);
                }
            }
            assertThat(new String(wire, java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(new String(typed, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(wire).isEqualTo(typed);
            assertThat(typed.length).isGreaterThan(100_000);
        }
    }

    private static void assumePg() {
        try (Connection c = connect("5")) {
            Assumptions.assumeTrue(c.isValid(2), "PostgreSQL not reachable");
        } catch (SQLException e) {
            Assumptions.assumeTrue(false, "PostgreSQL on 127.0.0.1:5432 (db test, user postgres) is not reachable: " + e.getMessage());
        }
    }

    @Test
    void write_whenBinaryTransfer_thenWirePathWritesTheTypedPathsBytes() throws Exception {
        assumePg();
        Cells.Wire[] binary = {Cells.Wire.UTF8, Cells.Wire.UTF8, Cells.Wire.UTF8, Cells.Wire.PG_NUMERIC, Cells.Wire.PG_NUMERIC};
        assertSameBothWays("-1", CsvOptions.defaults(), binary);
        assertSameBothWays("-1", CsvOptions.defaults().withDelimiter(';').withNullText("NULL").withLineSeparator("\n"), binary);
    }

    @Test
    void write_whenTextTransfer_thenWirePathWritesTheTypedPathsBytes() throws Exception {
        assumePg();
        // the first execution of a statement comes back in text: numerics and timestamps are then read the typed way
        Cells.Wire[] text = {Cells.Wire.UTF8, Cells.Wire.UTF8, Cells.Wire.UTF8, Cells.Wire.UTF8, Cells.Wire.UTF8};
        assertSameBothWays("0", CsvOptions.defaults().withNullText("\\N"), text);
    }

    @Test
    void forms_whenBinaryTransfer_thenTimestamptzAndNumericBinaryAndUuidLeftToTheTypedPath() throws Exception {
        assumePg();
        try (Connection c = connect("-1"); PreparedStatement ps = c.prepareStatement(SELECT + " LIMIT 3");
             ResultSet rs = ps.executeQuery()) {
            Cells.Wire[] forms = PgWire.forms(rs);
            assertThat(forms).containsExactly(Cells.Wire.NONE, Cells.Wire.UTF8, Cells.Wire.UTF8, Cells.Wire.UTF8,
                    Cells.Wire.PG_NUMERIC, Cells.Wire.PG_NUMERIC, Cells.Wire.PG_TIMESTAMPTZ, Cells.Wire.UTF8,
                    Cells.Wire.UTF8, Cells.Wire.NONE, Cells.Wire.NONE, Cells.Wire.UTF8, Cells.Wire.UTF8);
        }
    }
}
