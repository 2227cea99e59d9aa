package dev.trae.oracle.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Read-ahead against a real (H2) result set: order, NULLs, end of rows, failures, and the reader thread's exit. */
class PrefetchingRowStreamTest {

    private static Connection h2() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:prefetch" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    }

    private static List<ColumnInfo> columns(ResultSet rs) throws SQLException {
        return ColumnInfo.from(rs.getMetaData(), Dialect.H2);
    }

    @Test
    void next_whenManyBatches_thenEveryRowInOrderWithNulls() throws Exception {
        try (Connection c = h2(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT, d DOUBLE PRECISION, n NUMERIC(10,2), txt VARCHAR(20), ts TIMESTAMP)");
            s.execute("INSERT INTO t SELECT x, CASE WHEN MOD(x, 5) = 0 THEN NULL ELSE x / 4.0 END, x * 1.5,"
                    + " CASE WHEN MOD(x, 7) = 0 THEN NULL ELSE 'r' || x END, TIMESTAMP '2024-01-01 00:00:00' + x * INTERVAL '1' SECOND"
                    + " FROM SYSTEM_RANGE(1, 1000)");
            try (PreparedStatement ps = c.prepareStatement("SELECT id, d, n, txt, ts FROM t ORDER BY id"); ResultSet rs = ps.executeQuery()) {
                List<ColumnInfo> cols = columns(rs);
                List<String> got = new ArrayList<>();
                CsvText render = new CsvText(cols.size());
                try (PrefetchingRowStream rows = new PrefetchingRowStream(rs, ps, cols, 64, 2, "test-read")) {
                    Cells cell = rows.cells();
                    while (rows.next()) {
                        long id = cell.getLong(1);
                        String d = render.render(cell, 2, Kind.DOUBLE);
                        String txt = cell.getString(4);
                        got.add(id + "|" + d + "|" + cell.getBigDecimal(3).toPlainString() + "|" + txt + "|" + render.render(cell, 5, Kind.TIMESTAMP));
                    }
                    assertThat(rows.next()).isFalse();
                }
                assertThat(got).hasSize(1000);
                assertThat(got.get(0)).isEqualTo("1|0.25|1.50|r1|2024-01-01T00:00:01");
                assertThat(got.get(4)).isEqualTo("5|null|7.50|r5|2024-01-01T00:00:05");
                assertThat(got.get(6)).isEqualTo("7|1.75|10.50|null|2024-01-01T00:00:07");
                assertThat(got.get(999)).startsWith("1000|null|1500.00|r1000|");
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-read") && t.isAlive());
    }

    @Test
    void next_whenReaderFails_thenSqlExceptionKeepsItsState() throws Exception {
        try (Connection c = h2(); Statement s = c.createStatement()) {
            // row 300's text is not a number: reading it as one fails on the reader thread, after earlier batches were handed over
            s.execute("CREATE TABLE t (id BIGINT, q VARCHAR(10))");
            s.execute("INSERT INTO t SELECT x, CASE WHEN x = 300 THEN 'x' ELSE CAST(x AS VARCHAR) END FROM SYSTEM_RANGE(1, 500)");
            try (PreparedStatement ps = c.prepareStatement("SELECT id, q FROM t ORDER BY id"); ResultSet rs = ps.executeQuery()) {
                List<ColumnInfo> cols = List.of(columns(rs).get(0),
                        new ColumnInfo("q", java.sql.Types.BIGINT, "BIGINT", 19, 0, true, Kind.LONG));
                try (PrefetchingRowStream rows = new PrefetchingRowStream(rs, ps, cols, 50, 2, "test-read-fail")) {
                    int seen = 0;
                    SQLException failure = null;
                    try {
                        while (rows.next()) {
                            seen++;
                        }
                    } catch (SQLException e) {
                        failure = e;
                    }
                    assertThat((Object) failure).isNotNull();
                    assertThat(failure.getSQLState()).startsWith("22");
                    assertThat(seen).isLessThan(300).isGreaterThanOrEqualTo(250);
                    assertThatThrownBy(rows::next).isInstanceOf(SQLException.class);
                }
            }
        }
    }

    @Test
    void close_whenCallerStopsEarly_thenReaderThreadEnds() throws Exception {
        try (Connection c = h2(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT)");
            s.execute("INSERT INTO t SELECT x FROM SYSTEM_RANGE(1, 100000)");
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t"); ResultSet rs = ps.executeQuery()) {
                PrefetchingRowStream rows = new PrefetchingRowStream(rs, ps, columns(rs), 100, 2, "test-read-stop");
                assertThat(rows.next()).isTrue();
                rows.close();
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-read-stop") && t.isAlive());
    }
}
