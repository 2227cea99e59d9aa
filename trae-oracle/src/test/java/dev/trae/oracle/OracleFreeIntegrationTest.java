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
    void export_whenRealOracle_thenTypesRoundTrip() throws Exception {
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
            }
        }
    }
}
