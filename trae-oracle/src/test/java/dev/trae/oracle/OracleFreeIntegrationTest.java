package dev.trae.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.oracle.OracleContainer;

import dev.trae.oracle.Canon.Col;
import dev.trae.oracle.Canon.T;
import dev.trae.oracle.model.ManifestFile;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;

/**
 * Real Oracle (gvenzl/oracle-free) through ojdbc11: NUMBER precision and scale, DATE with its time part,
 * TIMESTAMP WITH [LOCAL] TIME ZONE, RAW, BLOB, CLOB, INTERVAL, ROWID hash partitions. Runs only where Docker exists.
 */
@ExtendWith(TraeLocalExtension.class)
class OracleFreeIntegrationTest {
    private final TraeLocal local;

    OracleFreeIntegrationTest(TraeLocal local) {
        this.local = local;
    }

    @Test
    void export_whenRealOracle_thenTypesRoundTripAndPartitionsShareOneScn() throws Exception {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            docker = false;
        }
        Assumptions.assumeTrue(docker, "no Docker engine on this machine: the Oracle Free container tier is skipped");
        try (OracleContainer oracle = new OracleContainer("gvenzl/oracle-free:23-slim-faststart")) {
            oracle.start();
            try (Connection c = DriverManager.getConnection(oracle.getJdbcUrl(), oracle.getUsername(), oracle.getPassword());
                 Statement st = c.createStatement()) {
                st.execute("CREATE TABLE T (ID NUMBER(12) PRIMARY KEY, AMT NUMBER(30,8), ANYNUM NUMBER, D DATE,"
                        + " TSTZ TIMESTAMP WITH TIME ZONE, TSLTZ TIMESTAMP WITH LOCAL TIME ZONE, R RAW(8), B BLOB, C CLOB,"
                        + " IV INTERVAL DAY TO SECOND)");
                st.execute("INSERT INTO T SELECT LEVEL, LEVEL * 1.12345678, LEVEL / 3, DATE '2024-01-01' + LEVEL / 24,"
                        + " TIMESTAMP '2024-01-01 10:00:00 +05:30' + NUMTODSINTERVAL(LEVEL, 'MINUTE'),"
                        + " TIMESTAMP '2024-01-01 10:00:00' , HEXTORAW('00FF10'), TO_BLOB(HEXTORAW('DEADBEEF')), TO_CLOB('text ' || LEVEL),"
                        + " NUMTODSINTERVAL(LEVEL, 'SECOND') FROM DUAL CONNECT BY LEVEL <= 2000");
            }
            local.s3().createBucket("ora");
            JdbcSource src = JdbcSource.url(oracle.getJdbcUrl(), oracle.getUsername(), oracle.getPassword());
            try (OracleExporter exporter = OracleExporter.create(local.config())) {
                for (ExportFormat f : ExportFormat.values()) {
                    ExportResult r = exporter.export(b -> b.source(src).table("T").format(f).parallelism(2).maxRowsPerFile(700)
                            .destination("s3://ora/" + f + "/"));
                    assertThat(r.rows()).isEqualTo(2000);
                    assertThat(r.manifest().schema()).extracting(x -> x.exportType()).contains("DECIMAL(30,8)", "TIMESTAMP", "TIMESTAMP_TZ");
                    List<Col> cols = List.of(new Col("ID", T.DEC, 0), new Col("AMT", T.DEC, 8));
                    List<List<String>> got = Canon.exported(r.manifest(), (ManifestFile mf) -> local.s3().client().getObjectAsBytes(
                            b -> b.bucket("ora").key(mf.uri().substring("s3://ora/".length()))).asByteArray(), cols, f, Compression.NONE);
                    assertThat(got).hasSize(2000);
                }
                sharedScn(exporter, oracle, src);
            }
        }
    }

    /**
     * Rows changed after planning (committed before the first partition's connection is handed out) are
     * in no partition: every partition reads as of the SCN taken while planning, for a table (AS OF SCN)
     * and for a query (DBMS_FLASHBACK on the session, where the account may execute it).
     */
    private void sharedScn(OracleExporter exporter, OracleContainer oracle, JdbcSource src) throws Exception {
        try (Connection c = DriverManager.getConnection(oracle.getJdbcUrl(), oracle.getUsername(), oracle.getPassword());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE S (ID NUMBER(12) PRIMARY KEY, TXT VARCHAR2(40))");
            st.execute("INSERT INTO S SELECT LEVEL, 'v' || LEVEL FROM DUAL CONNECT BY LEVEL <= 3000");
            // flashback to an SCN older than the table fails (ORA-01466); the loop below waits before each export

        }
        // a query source reads as of the SCN through DBMS_FLASHBACK on its session, which needs EXECUTE on it
        boolean sessionFlashback;
        try (Connection sys = DriverManager.getConnection(oracle.getJdbcUrl(), "system", oracle.getPassword());
             Statement st = sys.createStatement()) {
            st.execute("GRANT EXECUTE ON SYS.DBMS_FLASHBACK TO " + oracle.getUsername());
            sessionFlashback = true;
        } catch (java.sql.SQLException e) {
            sessionFlashback = false;
        }
        for (boolean table : sessionFlashback ? new boolean[] {true, false} : new boolean[] {true}) {
            Wrapped changing = Wrapped.recording(src).beforeConnection(2, () -> {
                try (Connection w = src.open(); Statement st = w.createStatement()) {
                    st.execute("UPDATE S SET TXT = 'changed during export'");
                    st.execute("DELETE FROM S WHERE ID > 2900");
                    st.execute("INSERT INTO S SELECT 3000 + LEVEL, 'late' FROM DUAL CONNECT BY LEVEL <= 100");
                }
            });
            try (Connection w = src.open(); Statement st = w.createStatement()) {
                st.execute("DELETE FROM S");
                st.execute("INSERT INTO S SELECT LEVEL, 'v' || LEVEL FROM DUAL CONNECT BY LEVEL <= 3000");
            }
            // without EXECUTE on DBMS_FLASHBACK or SELECT on V$DATABASE the SCN comes from TIMESTAMP_TO_SCN, which maps
            // time to SCNs in steps of about 3 s: let it move past the reset (connections auto-commit)
            Thread.sleep(5000);
            ExportResult r = exporter.export(b -> (table ? b.table("S") : b.query("SELECT ID, TXT FROM S")).source(changing.source())
                    .key("ID").format(ExportFormat.CSV).parallelism(3).destination("s3://ora/scn-" + table + "/"));
            assertThat(changing.connections.get()).as("planning connection plus one per partition").isEqualTo(4);
            assertThat(r.rows()).isEqualTo(3000);
            List<List<String>> got = Canon.exported(r.manifest(), (ManifestFile mf) -> local.s3().client().getObjectAsBytes(
                    b -> b.bucket("ora").key(mf.uri().substring("s3://ora/".length()))).asByteArray(),
                    List.of(new Col("ID", T.DEC, 0), new Col("TXT", T.TEXT, 0)), ExportFormat.CSV, Compression.NONE);
            assertThat(got).hasSize(3000).noneMatch(row -> row.get(1).equals("changed during export") || row.get(1).equals("late"));
        }
    }
}
