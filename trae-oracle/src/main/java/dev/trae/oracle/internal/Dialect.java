package dev.trae.oracle.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** What differs between databases: detection, cursor streaming, ROWID partitioning. */
public enum Dialect {
    ORACLE, POSTGRESQL, H2, GENERIC;

    public static Dialect detect(Connection c) throws SQLException {
        String p = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (p.contains("oracle")) {
            return ORACLE;
        }
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("h2")) {
            return H2;
        }
        return GENERIC;
    }

    /** Prepares a connection for a long forward-only read. */
    public void prepare(Connection c) throws SQLException {
        c.setReadOnly(true);
        if (this == POSTGRESQL) {
            // pgjdbc streams with a cursor only inside a transaction
            c.setAutoCommit(false);
        }
    }
}
