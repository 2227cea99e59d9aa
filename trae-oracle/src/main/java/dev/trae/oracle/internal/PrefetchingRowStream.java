package dev.trae.oracle.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a result set on a reader thread into a few reusable column batches while the caller formats the
 * previous ones, so that the driver's work (network, protocol, value decoding) runs beside the writer's on
 * another core. Memory is bounded: {@code depth} batches of {@code batchRows} rows. Values are read exactly
 * as the writers would read them ({@link Values} for dates and times), primitives without boxing; the
 * writer formats them. (Rendering CSV text on the reader was tried and removed: it cost about 1.5 CPU
 * seconds more per 5 million rows and was slower.)
 * LOB columns cannot be read ahead (their streams end with the row): {@link #supports(List)} says no.
 *
 * <p>A failure on the reader thread reaches the caller from {@link #next()}, with its type kept (an
 * {@link SQLException} stays one, so that lost connections are still recognised as transient).
 */
final class PrefetchingRowStream implements RowStream {
    private static final Batch END = new Batch(new ColumnInfo[0], 0);

    private final ColumnInfo[] cols;
    private final Statement statement;
    private final BlockingQueue<Batch> full;
    private final BlockingQueue<Batch> free;
    private final Thread reader;
    private volatile boolean closed;
    private volatile Throwable failure;
    private Batch current;
    private int row = -1;
    private final BatchCells cells = new BatchCells();

    /** Whether these columns can be read ahead (no CLOB or BLOB). */
    static boolean supports(List<ColumnInfo> columns) {
        for (ColumnInfo c : columns) {
            if (c.kind == Kind.CLOB || c.kind == Kind.BLOB) {
                return false;
            }
        }
        return true;
    }

    PrefetchingRowStream(ResultSet rs, Statement statement, List<ColumnInfo> columns, int batchRows, int depth, String threadName) {
        this.cols = columns.toArray(new ColumnInfo[0]);
        this.statement = statement;
        this.full = new ArrayBlockingQueue<>(depth + 1);
        this.free = new ArrayBlockingQueue<>(depth + 1);
        for (int k = 0; k < depth; k++) {
            free.add(new Batch(cols, batchRows));
        }
        this.reader = new Thread(() -> read(rs), threadName);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    // ------------------------------------------------------------------ reader thread

    private void read(ResultSet rs) {
        Cells in = Cells.of(rs);
        boolean[][] tzFallback = new boolean[cols.length][1];
        try {
            while (!closed) {
                Batch b = take(free);
                if (b == null) {
                    return;
                }
                b.n = 0;
                while (b.n < b.capacity && !closed && rs.next()) {
                    b.fill(in, b.n++, tzFallback);
                }
                if (b.n > 0 && !put(b)) {
                    return;
                }
                if (b.n < b.capacity) {
                    put(END);
                    return;
                }
            }
        } catch (Throwable t) {
            failure = t;
            put(END);
        }
    }

    private Batch take(BlockingQueue<Batch> q) {
        try {
            while (!closed) {
                Batch b = q.poll(100, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private boolean put(Batch b) {
        try {
            while (!closed) {
                if (full.offer(b, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    // ------------------------------------------------------------------ caller

    @Override
    public boolean next() throws SQLException {
        if (current != null && ++row < current.n) {
            return true;
        }
        if (current == END) {
            if (failure != null) {
                throw rethrow(failure);
            }
            return false;
        }
        if (current != null) {
            free.offer(current);
            current = null;
        }
        Batch b;
        try {
            b = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for rows", "HY008", e);
        }
        if (b == END) {
            current = END;
            Throwable t = failure;
            if (t != null) {
                throw rethrow(t);
            }
            return false;
        }
        current = b;
        row = 0;
        return true;
    }

    private static SQLException rethrow(Throwable t) {
        if (t instanceof SQLException) {
            return (SQLException) t;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new SQLException(t.getMessage(), t);
    }

    @Override
    public Cells cells() {
        return cells;
    }

    /**
     * Stops the reader and waits for it, so that the result set can then be closed safely. A reader stuck in
     * a slow fetch is asked to stop through {@link Statement#cancel()}.
     */
    @Override
    public void close() {
        closed = true;
        full.clear();
        try {
            reader.join(2_000);
            if (reader.isAlive()) {
                try {
                    statement.cancel();
                } catch (SQLException | RuntimeException ignored) {
                    // the connection is closed next anyway
                }
                reader.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Rows of a batch in columns: primitives in {@code long[]}/{@code double[]}, everything else as objects. */
    private static final class Batch {
        final int capacity;
        final Kind[] kinds;
        final long[][] longs;
        final double[][] doubles;
        final Object[][] objects;
        final boolean[][] nulls;
        int n;

        Batch(ColumnInfo[] cols, int capacity) {
            this.capacity = capacity;
            this.kinds = new Kind[cols.length];
            this.longs = new long[cols.length][];
            this.doubles = new double[cols.length][];
            this.objects = new Object[cols.length][];
            this.nulls = new boolean[cols.length][capacity];
            for (int c = 0; c < cols.length; c++) {
                kinds[c] = cols[c].kind;
                switch (kinds[c]) {
                    case LONG: case BOOLEAN:
                        longs[c] = new long[capacity];
                        break;
                    case DOUBLE: case FLOAT:
                        doubles[c] = new double[capacity];
                        break;
                    default:
                        objects[c] = new Object[capacity];
                }
            }
        }

        void fill(Cells in, int r, boolean[][] tzFallback) throws SQLException {
            for (int c = 0; c < kinds.length; c++) {
                int i = c + 1;
                Object o;
                switch (kinds[c]) {
                    case LONG:
                        longs[c][r] = in.getLong(i);
                        nulls[c][r] = in.wasNull();
                        continue;
                    case BOOLEAN:
                        longs[c][r] = in.getBoolean(i) ? 1 : 0;
                        nulls[c][r] = in.wasNull();
                        continue;
                    case DOUBLE:
                        doubles[c][r] = in.getDouble(i);
                        nulls[c][r] = in.wasNull();
                        continue;
                    case FLOAT:
                        doubles[c][r] = in.getFloat(i);
                        nulls[c][r] = in.wasNull();
                        continue;
                    case DECIMAL:
                        // a BigDecimal, or the text of a numeric NaN or infinity
                        o = Values.decimal(in, i);
                        break;
                    case STRING:
                        o = in.getString(i);
                        break;
                    case BYTES:
                        o = in.getBytes(i);
                        break;
                    case DATE:
                        o = Values.date(in, i);
                        break;
                    case TIME:
                        o = Values.time(in, i);
                        break;
                    case TIMESTAMP:
                        o = Values.timestamp(in, i);
                        break;
                    case TIMESTAMP_TZ:
                        o = Values.timestampTz(in, i, tzFallback[c]);
                        break;
                    default:
                        throw new IllegalStateException(kinds[c] + " columns are not read ahead");
                }
                objects[c][r] = o;
                nulls[c][r] = o == null;
            }
        }
    }

    /** The current row of the current batch. */
    private final class BatchCells implements Cells {
        private boolean lastNull;

        private int col(int i) {
            int c = i - 1;
            lastNull = current.nulls[c][row];
            return c;
        }

        @Override
        public long getLong(int i) {
            int c = col(i);
            return lastNull ? 0 : current.longs[c][row];
        }

        @Override
        public double getDouble(int i) {
            int c = col(i);
            return lastNull ? 0 : current.doubles[c][row];
        }

        @Override
        public float getFloat(int i) {
            int c = col(i);
            return lastNull ? 0 : (float) current.doubles[c][row];
        }

        @Override
        public boolean getBoolean(int i) {
            int c = col(i);
            return !lastNull && current.longs[c][row] != 0;
        }

        @Override
        public boolean wasNull() {
            return lastNull;
        }

        private Object object(int i) {
            int c = col(i);
            Object[] o = current.objects[c];
            if (o == null) {
                throw new IllegalStateException("column " + i + " (" + current.kinds[c] + ") is not held as an object");
            }
            return o[row];
        }

        @Override
        public BigDecimal getBigDecimal(int i) throws SQLException {
            Object v = object(i);
            if (v instanceof String) {
                throw new SQLException("Bad value for type BigDecimal : " + v, "22003");
            }
            return (BigDecimal) v;
        }

        @Override
        public String getString(int i) {
            Object v = object(i);
            return v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : (String) v;
        }

        @Override
        public byte[] getBytes(int i) {
            return (byte[]) object(i);
        }

        @Override
        public Reader getCharacterStream(int i) {
            throw new UnsupportedOperationException("LOB columns are not read ahead");
        }

        @Override
        public InputStream getBinaryStream(int i) {
            throw new UnsupportedOperationException("LOB columns are not read ahead");
        }

        @Override
        public Timestamp getTimestamp(int i) {
            throw new UnsupportedOperationException("zoned timestamps are read ahead with their offset");
        }

        @Override
        public <T> T getObject(int i, Class<T> type) {
            return type.cast(object(i));
        }
    }
}
