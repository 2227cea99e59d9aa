package dev.trae.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** Known URL prefixes connect through their driver directly, without DriverManager initialising every driver. */
class JdbcSourceDriverTest {

    @Test
    void knownDriver_whenKnownPrefix_thenThatDriverElseNone() {
        assertThat(JdbcSource.knownDriver("jdbc:postgresql://127.0.0.1:5432/test")).isInstanceOf(org.postgresql.Driver.class);
        assertThat(JdbcSource.knownDriver("jdbc:h2:mem:x")).isInstanceOf(org.h2.Driver.class);
        assertThat(JdbcSource.knownDriver("jdbc:sqlserver://x")).isNull();
        // the same instance every time
        assertThat(JdbcSource.knownDriver("jdbc:h2:mem:y")).isSameAs(JdbcSource.knownDriver("jdbc:h2:mem:x"));
    }

    @Test
    void open_whenPostgresUrl_thenConnectsWithTheExportersDefaults() throws Exception {
        TestDb.assumePg();
        try (Connection c = TestDb.pgSource().open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            assertThat(c).isInstanceOf(org.postgresql.PGConnection.class);
            // prepareThreshold -1 still reaches the driver
            assertThat(c.unwrap(org.postgresql.PGConnection.class).getPrepareThreshold()).isEqualTo(-1);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("postgres");
        }
    }

    @Test
    void knownDriver_whenLookalikePrefix_thenNone_andAnH2UrlConnects() throws Exception {
        // a prefix that only starts like a known one is not taken for it
        assertThat(JdbcSource.knownDriver("jdbc:h2x:mem:a")).isNull();
        try (Connection c = JdbcSource.url("jdbc:h2:mem:drv" + System.nanoTime(), "sa", "").open()) {
            assertThat(c.isValid(1)).isTrue();
        }
    }
}
