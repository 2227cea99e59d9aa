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
}
