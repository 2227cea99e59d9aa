package dev.trae.oracle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import dev.trae.oracle.CsvOptions;

/** The CSV writer on a real (H2) result set, for dialect options the round-trip tests do not use. */
class CsvRowWriterTest {

    private static String csv(CsvOptions options, String select) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:csv" + System.nanoTime());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT, txt VARCHAR(40), doc CLOB)");
            s.execute("INSERT INTO t VALUES (1, 'a¦b', 'say \"hi\" ¦ Київ'), (2, 'plain', NULL), (3, NULL, '')");
            try (ResultSet rs = s.executeQuery(select)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                CsvRowWriter w = new CsvRowWriter(out, ColumnInfo.from(rs.getMetaData(), Dialect.H2), options);
                Cells cells = Cells.of(rs);
                while (rs.next()) {
                    w.write(cells);
                }
                w.finish();
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void write_whenDelimiterIsNotAscii_thenEncodedAsUtf8AndFieldsHoldingItQuoted() throws Exception {
        String text = csv(CsvOptions.defaults().withDelimiter('¦').withLineSeparator("\n").withNullText("NULL"),
                "SELECT id, txt, doc FROM t ORDER BY id");
        assertThat(text).isEqualTo("ID¦TXT¦DOC\n"
                + "1¦\"a¦b\"¦\"say \"\"hi\"\" ¦ Київ\"\n"
                + "2¦plain¦NULL\n"
                + "3¦NULL¦\"\"\n");
    }

    @Test
    void write_whenDoublesAndReals_thenShortestTextThatReadsBackBitForBit() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        java.util.List<Double> doubles = new java.util.ArrayList<>(java.util.List.of(0.0, -1.0, 1.0, 0.001, 1.0E-4, 1.0E7,
                Double.MIN_VALUE, Double.MAX_VALUE, -Double.MIN_NORMAL, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 1.60032208005805978E18, 2.0 / 3));
        while (doubles.size() < 20_000) {
            doubles.add(doubles.size() % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextInt(1_000_000) / 3.0);
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:dbl" + System.nanoTime());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT, d DOUBLE PRECISION, f REAL)");
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
                for (int i = 0; i < doubles.size(); i++) {
                    ps.setInt(1, i);
                    ps.setDouble(2, doubles.get(i));
                    ps.setFloat(3, doubles.get(i).floatValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            String text;
            try (ResultSet rs = s.executeQuery("SELECT id, d, f FROM t ORDER BY id")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                CsvRowWriter w = new CsvRowWriter(out, ColumnInfo.from(rs.getMetaData(), Dialect.H2),
                        CsvOptions.defaults().withLineSeparator("\n"));
                Cells cells = Cells.of(rs);
                while (rs.next()) {
                    w.write(cells);
                }
                w.finish();
                text = out.toString(StandardCharsets.UTF_8);
            }
            // what the driver returns is what is printed (H2 stores -0.0 as 0.0)
            java.util.List<double[]> stored = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT d, f FROM t ORDER BY id")) {
                while (rs.next()) {
                    stored.add(new double[] {rs.getDouble(1), rs.getFloat(2)});
                }
            }
            String[] lines = text.split("\n");
            assertThat(lines).hasSize(doubles.size() + 1);
            int shorter = 0;
            for (int i = 0; i < doubles.size(); i++) {
                String[] f = lines[i + 1].split(",");
                double d = stored.get(i)[0];
                float fl = (float) stored.get(i)[1];
                assertThat(Double.doubleToRawLongBits(Double.parseDouble(f[1]))).as(f[1]).isEqualTo(Double.doubleToRawLongBits(d));
                assertThat(Float.floatToRawIntBits(Float.parseFloat(f[2]))).as(f[2]).isEqualTo(Float.floatToRawIntBits(fl));
                // never longer than the JDK's text; JDK 17 sometimes prints a digit more than needed
                assertThat(f[1].length()).as(f[1]).isLessThanOrEqualTo(Double.toString(d).length());
                assertThat(f[2].length()).as(f[2]).isLessThanOrEqualTo(Float.toString(fl).length());
                shorter += f[1].length() < Double.toString(d).length() ? 1 : 0;
            }
            assertThat(lines[1]).isEqualTo("0,0.0,0.0");
            assertThat(lines[2]).isEqualTo("1,-1.0,-1.0");
            assertThat(lines[10]).isEqualTo("9,NaN,NaN");
            assertThat(lines[11]).isEqualTo("10,Infinity,Infinity");
            assertThat(lines[12]).isEqualTo("11,-Infinity,-Infinity");
            assertThat(lines[13]).isEqualTo("12,1.6003220800580598E18,1.6003221E18");
            assertThat(shorter).as("values JDK 17 prints with a needless digit").isPositive();
        }
    }
}
