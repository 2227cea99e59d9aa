package dev.trae.oracle.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * How the shared Oracle SCN is read and written into SQL, on H2 in Oracle mode standing in for the
 * dictionary objects (H2 has no flashback: the export with it runs in the Oracle Free container test).
 */
public class OracleScnTest {

    /** Stands in for DBMS_FLASHBACK.GET_SYSTEM_CHANGE_NUMBER. */
    public static BigDecimal scn() {
        return new BigDecimal("98765432109876");
    }

    /** A hostile or broken answer: not an SCN. */
    public static BigDecimal negative() {
        return new BigDecimal("-5");
    }

    private static Connection h2() throws Exception {
        return DriverManager.getConnection("jdbc:h2:mem:scn" + System.nanoTime() + ";MODE=Oracle");
    }

    @Test
    void current_whenDbmsFlashbackAnswers_thenItsScn() throws Exception {
        try (Connection c = h2(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA DBMS_FLASHBACK");
            s.execute("CREATE ALIAS DBMS_FLASHBACK.GET_SYSTEM_CHANGE_NUMBER FOR '" + OracleScnTest.class.getName() + ".scn'");
            s.execute("CREATE TABLE V$DATABASE (CURRENT_SCN NUMBER)");
            s.execute("INSERT INTO V$DATABASE VALUES (1)");
            assertThat(OracleScn.current(c)).isEqualTo("98765432109876");
        }
    }

    @Test
    void current_whenNoExecuteOnDbmsFlashback_thenFromVDatabase() throws Exception {
        try (Connection c = h2(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE V$DATABASE (CURRENT_SCN NUMBER)");
            s.execute("INSERT INTO V$DATABASE VALUES (4242)");
            assertThat(OracleScn.current(c)).isEqualTo("4242");
        }
    }

    @Test
    void current_whenAnswerIsNotAPositiveInteger_thenNextSourceOrNone() throws Exception {
        try (Connection c = h2(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA DBMS_FLASHBACK");
            s.execute("CREATE ALIAS DBMS_FLASHBACK.GET_SYSTEM_CHANGE_NUMBER FOR '" + OracleScnTest.class.getName() + ".negative'");
            s.execute("CREATE TABLE V$DATABASE (CURRENT_SCN NUMBER)");
            s.execute("INSERT INTO V$DATABASE VALUES (12.5)");
            // neither answer may reach the SQL text, and H2 has no TIMESTAMP_TO_SCN
            assertThat(OracleScn.current(c)).isNull();
        }
    }

    @Test
    void digits_whenValues_thenOnlyPositiveIntegers() {
        assertThat(OracleScn.digits(new BigDecimal("12345678901234567890"))).isEqualTo("12345678901234567890");
        assertThat(OracleScn.digits(new BigDecimal("7.000"))).isEqualTo("7");
        assertThat(OracleScn.digits(new BigDecimal("7.5"))).isNull();
        assertThat(OracleScn.digits(BigDecimal.ZERO)).isNull();
        assertThat(OracleScn.digits(new BigDecimal("-1"))).isNull();
        assertThat(OracleScn.digits(new BigDecimal("1E+40"))).isNull();
        assertThat(OracleScn.digits(null)).isNull();
    }

    @Test
    void asOf_whenScn_thenFlashbackClauseAndNothingElse() {
        assertThat(OracleScn.asOf("\"HR\".\"T\"", "123")).isEqualTo("\"HR\".\"T\" AS OF SCN 123");
        assertThatThrownBy(() -> OracleScn.asOf("\"T\"", "1; DROP TABLE T")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usable_whenDatabaseCannotReadAsOfScn_thenFalseAndNoException() throws Exception {
        try (Connection c = h2(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE T (ID INT)");
            assertThat(OracleScn.usable(c, "\"T\"", true, "123")).isFalse();
            assertThat(OracleScn.usable(c, "(SELECT * FROM T) q", false, "123")).isFalse();
            // the connection is still usable afterwards
            s.execute("INSERT INTO T VALUES (1)");
        }
    }
}
