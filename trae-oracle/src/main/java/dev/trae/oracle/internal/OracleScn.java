package dev.trae.oracle.internal;

import java.math.BigDecimal;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Oracle's counterpart of PostgreSQL's exported snapshot: one system change number (SCN) that every
 * partition of a parallel export reads as of, with a flashback query ({@code FROM t AS OF SCN n}) for a
 * table, or {@code DBMS_FLASHBACK.ENABLE_AT_SYSTEM_CHANGE_NUMBER} on the partition's session for a query.
 * The SCN is taken while planning, before the key ranges and the row count, so they agree with the files.
 * Reading as of an SCN needs undo retention that covers the export; where the account cannot do it
 * (flashback privileges, a table created after the SCN), {@link #usable} says so and the export falls back
 * to a snapshot per partition.
 */
final class OracleScn {
    private static final Logger LOG = LoggerFactory.getLogger(OracleScn.class);
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,38}");

    /**
     * Where the current SCN is read, in order. The first needs EXECUTE on DBMS_FLASHBACK, the second SELECT
     * on V$DATABASE; the last needs nothing but maps the time to an SCN up to a few seconds old, which is
     * still one moment for every partition.
     */
    static final List<String> QUERIES = List.of(
            "SELECT DBMS_FLASHBACK.GET_SYSTEM_CHANGE_NUMBER() FROM DUAL",
            "SELECT CURRENT_SCN FROM V$DATABASE",
            "SELECT TIMESTAMP_TO_SCN(SYSTIMESTAMP) FROM DUAL");

    private OracleScn() {
    }

    /** The current SCN as decimal digits, or null when none of {@link #QUERIES} answers with one. */
    static String current(Connection c) {
        for (String sql : QUERIES) {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String scn = digits(rs.getBigDecimal(1));
                    if (scn != null) {
                        return scn;
                    }
                }
            } catch (SQLException e) {
                LOG.debug("{}: {}", sql, e.getMessage());
            }
        }
        return null;
    }

    /** A positive integral value as its digits (what may be written into SQL text), else null. */
    static String digits(BigDecimal v) {
        if (v == null || v.signum() <= 0) {
            return null;
        }
        try {
            String s = v.toBigIntegerExact().toString();
            return DIGITS.matcher(s).matches() ? s : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The FROM item of a table read as of {@code scn}; {@code scn} must come from {@link #current}. */
    static String asOf(String from, String scn) {
        if (!DIGITS.matcher(scn).matches()) {
            throw new IllegalArgumentException("not an SCN");
        }
        return from + " AS OF SCN " + scn;
    }

    /** Makes every query of this session read as of {@code scn} (for a query source). */
    static void enable(Connection c, String scn) throws SQLException {
        try (CallableStatement cs = c.prepareCall("{call DBMS_FLASHBACK.ENABLE_AT_SYSTEM_CHANGE_NUMBER(?)}")) {
            cs.setBigDecimal(1, new BigDecimal(scn));
            cs.execute();
        }
    }

    /**
     * Whether this account can read the source as of {@code scn}: a flashback query on the table that
     * returns no row, or enabling flashback on the session for a query source (left enabled, so that the
     * planning queries read as of the SCN too).
     */
    static boolean usable(Connection c, String from, boolean table, String scn) {
        try {
            if (table) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + asOf(from, scn) + " WHERE 1 = 0");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            } else {
                enable(c, scn);
            }
            return true;
        } catch (SQLException e) {
            LOG.info("cannot read as of SCN {} ({}); each partition reads its own snapshot. A flashback query needs the"
                    + " FLASHBACK privilege on another schema's table, a query source EXECUTE on DBMS_FLASHBACK", scn, e.getMessage());
            return false;
        }
    }
}
