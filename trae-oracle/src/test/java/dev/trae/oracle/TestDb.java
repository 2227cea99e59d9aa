package dev.trae.oracle;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/** The local PostgreSQL (127.0.0.1:5432, db test, trust auth) and embedded H2 in Oracle mode. */
final class TestDb {
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private TestDb() {
    }

    static Connection pg() throws SQLException {
        return DriverManager.getConnection(PG_URL, "postgres", "");
    }

    static void assumePg() {
        try (Connection c = pg()) {
            Assumptions.assumeTrue(c.isValid(2), "PostgreSQL not reachable");
        } catch (SQLException e) {
            Assumptions.assumeTrue(false, "PostgreSQL on 127.0.0.1:5432 (db test, user postgres) is not reachable: " + e.getMessage());
        }
    }

    /** A fresh schema with a unique name. */
    static String pgSchema() throws SQLException {
        String s = "trae_oracle_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        exec(PG_URL, "CREATE SCHEMA " + s);
        return s;
    }

    static void dropPgSchema(String schema) {
        if (schema == null) {
            return;
        }
        try {
            exec(PG_URL, "DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException ignored) {
            // best effort
        }
    }

    static JdbcSource pgSource() {
        return JdbcSource.url(PG_URL, "postgres", "not-needed-with-trust");
    }

    static String h2Url() {
        return "jdbc:h2:mem:trae" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)
                + ";MODE=Oracle;DB_CLOSE_DELAY=-1";
    }

    static void exec(String url, String... sql) throws SQLException {
        try (Connection c = url.startsWith("jdbc:postgresql") ? pg() : DriverManager.getConnection(url, "sa", "");
             Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
