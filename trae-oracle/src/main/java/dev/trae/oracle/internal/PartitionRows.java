package dev.trae.oracle.internal;

import java.io.IOException;
import java.sql.SQLException;

/**
 * The rows of one partition as the partition runner consumes them, whoever reads and formats them: a JDBC
 * result set written by a format writer ({@link #jdbc}), or the CSV lines of PostgreSQL's COPY ({@link PgCopyRows}).
 * Not thread-safe.
 */
interface PartitionRows extends AutoCloseable {
    /** Moves to the next row; false at the end. */
    boolean next() throws SQLException, IOException;

    /** The ordering key of the current row (null for a NULL key); only called when the plan has a key. */
    Object key() throws SQLException;

    /** The key of the last row {@link #next()} moved to; valid once it has returned false. */
    Object lastKey() throws SQLException;

    /** Writes the current row to the file's writer. */
    void write(RowWriter writer) throws SQLException, IOException;

    /** Stops reading and releases what the rows hold; never throws. */
    @Override
    void close();

    /** Rows of a result set, written through the format writer; the key is read on every row (it is cheap). */
    static PartitionRows jdbc(RowStream rows, KeyCodec key, int keyIndex) {
        Cells cells = rows.cells();
        return new PartitionRows() {
            private Object current;

            @Override
            public boolean next() throws SQLException {
                if (!rows.next()) {
                    return false;
                }
                current = key == null ? null : key.read(cells, keyIndex);
                return true;
            }

            @Override
            public Object key() {
                return current;
            }

            @Override
            public Object lastKey() {
                return current;
            }

            @Override
            public void write(RowWriter writer) throws SQLException, IOException {
                writer.write(cells);
            }

            @Override
            public void close() {
                rows.close();
            }
        };
    }
}
