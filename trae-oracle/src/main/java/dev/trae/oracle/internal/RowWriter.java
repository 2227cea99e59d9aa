package dev.trae.oracle.internal;

import java.io.IOException;
import java.sql.SQLException;

/** Writes rows of one file in one format. Not thread-safe. */
interface RowWriter {
    void write(Cells rs) throws SQLException, IOException;

    /** Bytes held in memory and not yet handed to the output (Parquet's open row group). */
    default long bufferedBytes() {
        return 0;
    }

    /** Completes the file and closes the stream chain (the sink object is then committed by the caller). */
    void finish() throws IOException;
}
