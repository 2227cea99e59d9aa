package dev.trae.oracle.internal;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Rows of a query, one at a time: {@link #next()} then read the row through {@link #cells()}. Not thread-safe. */
interface RowStream extends AutoCloseable {
    boolean next() throws SQLException;

    /** The current row (valid until the next call to {@link #next()}). */
    Cells cells();

    /** Stops reading; never throws. The result set itself is closed by its owner afterwards. */
    @Override
    void close();

    /** Rows read on the caller's thread. */
    static RowStream direct(ResultSet rs) {
        Cells cells = Cells.of(rs);
        return new RowStream() {
            @Override
            public boolean next() throws SQLException {
                return rs.next();
            }

            @Override
            public Cells cells() {
                return cells;
            }

            @Override
            public void close() {
                // nothing of its own
            }
        };
    }
}
