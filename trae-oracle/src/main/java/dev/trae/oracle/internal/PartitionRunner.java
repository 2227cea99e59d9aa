package dev.trae.oracle.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.oracle.ExportFormat;
import dev.trae.oracle.internal.PartFiles.OpenFile;

/**
 * Runs an export's unfinished partitions, one connection and thread each: reads a partition's rows (COPY or a
 * JDBC result set), streams them into part files cut at key changes, checkpoints after every file, retries a
 * partition whose connection was lost after its last completed file, and stops every partition when one fails
 * or the job is cancelled.
 */
final class PartitionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionRunner.class);
    private static final int MAX_PARTITION_ATTEMPTS = 3;

    private final ExportRun run;

    PartitionRunner(ExportRun run) {
        this.run = run;
    }

    /**
     * The Parquet row group size for {@code parallel} open files in a heap of {@code maxHeap} bytes: the
     * requested size, lowered (not below 1 MiB) so that the open row groups, which take about 2.5 times their
     * encoded size in memory, and each open file's S3 part buffers stay within half the heap.
     */
    static long rowGroupBytes(long requested, long maxHeap, int parallel, long partBuffersPerFile) {
        long perFile = maxHeap / 2 / Math.max(1, parallel) - partBuffersPerFile;
        long fit = perFile * 2 / 5;
        return Math.max(1L << 20, Math.min(requested, fit));
    }

    /** Exports every partition that is not done, {@code parallelism} at a time; rethrows the first failure. */
    void runPartitions() throws Exception {
        var req = run.req;
        List<ExportState.Partition> todo = new ArrayList<>();
        synchronized (run.lock) {
            for (ExportState.Partition p : run.state.partitions) {
                if (!p.done) {
                    todo.add(p);
                }
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        int parallel = Math.min(todo.size(), req.parallelism());
        long partBuffers = req.destination().getScheme().equalsIgnoreCase("file") ? 0 : (long) req.partSize() * (req.maxPartsInFlight() + 1);
        long maxHeap = Runtime.getRuntime().maxMemory();
        run.rowGroupBytes = rowGroupBytes(req.parquetRowGroupBytes(), maxHeap, parallel, partBuffers);
        if (req.format() == ExportFormat.PARQUET && run.rowGroupBytes < req.parquetRowGroupBytes()) {
            LOG.info("Parquet row groups of {} MiB instead of {} MiB: {} open files must fit a {} MiB heap", run.rowGroupBytes >> 20,
                    req.parquetRowGroupBytes() >> 20, parallel, maxHeap >> 20);
        }
        if (parallel * partBuffers > maxHeap / 2) {
            LOG.warn("{} open files with {} MiB of S3 part buffers each need more than half of the {} MiB heap;"
                    + " lower partSize, maxPartsInFlight or parallelism", parallel, partBuffers >> 20, maxHeap >> 20);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, run.ctx.jobId() + "-p" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (ExportState.Partition p : todo) {
                futures.add(pool.submit(() -> {
                    exportPartitionWithRetry(p);
                    return null;
                }));
            }
            pool.shutdown();
            for (Future<?> f : futures) {
                try {
                    waitFor(f);
                } catch (ExecutionException e) {
                    run.failure.compareAndSet(null, e.getCause());
                }
            }
            Throwable f = run.failure.get();
            if (f != null) {
                throw f instanceof Exception ? (Exception) f : new TraeClientException(f.toString(), f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for a partition; on cancel or interrupt it asks every partition to stop and still waits for their clean-up. */
    private void waitFor(Future<?> f) throws ExecutionException, InterruptedException {
        while (true) {
            try {
                f.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                if (run.ctx.isCancelled()) {
                    run.failure.compareAndSet(null, new TraeCancelledException("export " + run.ctx.jobId() + " was cancelled; resume it by id"));
                }
            } catch (InterruptedException e) {
                run.failure.compareAndSet(null, new TraeCancelledException("export " + run.ctx.jobId() + " was cancelled; resume it by id"));
                // keep waiting (uninterruptibly) so that uploads are aborted before we return
                Thread.interrupted();
            }
        }
    }

    private void exportPartitionWithRetry(ExportState.Partition p) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                exportPartition(p);
                return;
            } catch (SQLException e) {
                if (run.failure.get() != null || run.ctx.isCancelled() || attempt >= MAX_PARTITION_ATTEMPTS || !transientSql(e)) {
                    throw new TraeClientException("export of partition " + p.index + " failed: " + e.getMessage()
                            + " (SQLState " + e.getSQLState() + "); completed files are checkpointed: resume the job by id", e,
                            transientSql(e));
                }
                LOG.warn("partition {} lost its connection ({}); attempt {} continues after the last completed file", p.index,
                        e.getMessage(), attempt + 1);
                Thread.sleep(200L * attempt);
            }
        }
    }

    static boolean transientSql(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLRecoverableException || t instanceof SQLTransientException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException) {
                String s = ((SQLException) t).getSQLState();
                int code = ((SQLException) t).getErrorCode();
                if (s != null && (s.startsWith("08") || s.startsWith("57P"))) {
                    return true;
                }
                if (code == 17002 || code == 17008 || code == 17410 || code == 3113 || code == 3114 || code == 1089) {
                    return true;
                }
            }
            if (t instanceof java.net.SocketException || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    private void exportPartition(ExportState.Partition p) throws Exception {
        var plan = run.plan;
        boolean resume;
        synchronized (run.lock) {
            if (p.done) {
                return;
            }
            resume = plan.key != null && !p.files.isEmpty();
            if (plan.key == null && !p.files.isEmpty()) {
                // no key to continue after: restart this partition; its earlier files are rewritten under the same names
                long rows = 0;
                for (ExportState.FileEntry f : p.files) {
                    rows += f.rows;
                    run.bytesDone.addAndGet(-f.bytes);
                    run.filesDone.decrementAndGet();
                    if (!p.stale.contains(f.name)) {
                        p.stale.add(f.name);
                    }
                }
                run.ctx.tracker().advance(-rows);
                p.files.clear();
                run.saveCheckpoint();
            }
        }
        ProgressTracker tracker = run.ctx.tracker();
        try (Connection c = run.req.source().open()) {
            plan.dialect.prepare(c);
            String snapshot = run.snapshotId;
            if (snapshot != null) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try (java.sql.Statement st = c.createStatement()) {
                    // the id was checked to be hexadecimal digits and dashes when it was exported
                    st.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
                }
            }
            String scn = run.oracleScn;
            if (scn != null && !plan.tableSource) {
                OracleScn.enable(c, scn);
            }
            try (PartitionRows rows = open(c, p, resume)) {
                writeFiles(p, rows, tracker);
            }
            if (c.getAutoCommit() == false) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // read-only transaction
                }
            }
        }
        synchronized (run.lock) {
            for (String stale : p.stale) {
                boolean rewritten = p.files.stream().anyMatch(f -> f.name.equals(stale));
                if (!rewritten) {
                    run.sink.delete(stale);
                }
            }
            p.stale.clear();
            p.done = true;
            run.saveCheckpoint();
        }
        if (run.sharded) {
            // the partition's one record in the destination: a retried shard skips it, finish lists its files
            run.sink.putSmall(ShardSteps.markerName(p.index), ExportRun.json().writeValueAsBytes(p), "application/json");
        }
    }

    /**
     * The partition's rows: PostgreSQL's COPY when the plan chose it, otherwise a JDBC result set (its statement
     * and result set closed with the rows).
     */
    private PartitionRows open(Connection c, ExportState.Partition p, boolean resume) throws SQLException {
        var req = run.req;
        var plan = run.plan;
        if (run.copy) {
            return PgCopyRows.start(c, PartitionSql.partition(run, p, resume, null), req.csv().delimiter(), req.csv().nullText(), plan.key,
                    plan.key == null ? -1 : plan.keyIndex - 1);
        }
        List<Object> params = new ArrayList<>();
        String sql = PartitionSql.partition(run, p, resume, params);
        PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        ResultSet rs = null;
        try {
            ps.setFetchSize(req.fetchSize());
            PartitionSql.bind(ps, params);
            rs = ps.executeQuery();
            ResultSet open = rs;
            PartitionRows rows = PartitionRows.jdbc(rows(rs, ps, p), plan.key, plan.keyIndex);
            return new PartitionRows() {
                @Override
                public boolean next() throws SQLException, IOException {
                    return rows.next();
                }

                @Override
                public Object key() throws SQLException {
                    return rows.key();
                }

                @Override
                public Object lastKey() throws SQLException {
                    return rows.lastKey();
                }

                @Override
                public void write(RowWriter writer) throws SQLException, IOException {
                    rows.write(writer);
                }

                @Override
                public void close() {
                    rows.close();
                    closeQuietly(open);
                    closeQuietly(ps);
                }
            };
        } catch (SQLException | RuntimeException e) {
            closeQuietly(rs);
            closeQuietly(ps);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable a) {
        if (a == null) {
            return;
        }
        try {
            a.close();
        } catch (Exception e) {
            LOG.debug("closing {}: {}", a.getClass().getSimpleName(), e.getMessage());
        }
    }

    /**
     * Streams a partition's rows into files: a file is cut once it is full (rows or bytes) and the key changes,
     * so that every file ends after the last row of its key and a resumed partition continues with {@code key > lastKey}.
     * Each completed file is checkpointed; a file still open when this fails is aborted.
     */
    private void writeFiles(ExportState.Partition p, PartitionRows rows, ProgressTracker tracker) throws Exception {
        var req = run.req;
        KeyCodec key = run.plan.key;
        OpenFile file = null;
        // the key of the row that filled the file; every row after it in the same file has the same key
        Object fullKey = null;
        boolean full = false;
        long pending = 0;
        try {
            while (rows.next()) {
                if (file != null && full && (key == null || key.compare(rows.key(), fullKey) != 0)) {
                    tracker.advance(pending);
                    pending = 0;
                    completeFile(p, file, fullKey);
                    file = null;
                }
                if (file == null) {
                    checkStop();
                    file = PartFiles.open(run, p);
                    full = false;
                }
                rows.write(file.writer);
                file.rows++;
                if ((++pending & 1023) == 0) {
                    tracker.advance(pending);
                    pending = 0;
                    checkStop();
                }
                // the size is looked at every 64 rows: Parquet's buffered size walks every column's pages,
                // which per row took about a tenth of a Parquet export's CPU
                if (!full && (file.rows >= req.maxRowsPerFile() || (file.rows & 63) == 0
                        && file.object.count() + file.writer.bufferedBytes() >= req.maxBytesPerFile())) {
                    full = true;
                    fullKey = key == null ? null : rows.key();
                }
            }
            tracker.advance(pending);
            pending = 0;
            if (file != null) {
                completeFile(p, file, full ? fullKey : key == null ? null : rows.lastKey());
                file = null;
            }
        } finally {
            if (file != null) {
                tracker.advance(-(file.rows - pending));
                file.object.abort();
            }
        }
    }

    /**
     * The partition's rows (fetch size set): read ahead on a second thread when the request allows it and no column is a LOB
     * (whose stream ends with its row), otherwise on this thread.
     */
    private RowStream rows(ResultSet rs, PreparedStatement ps, ExportState.Partition p) throws SQLException {
        var req = run.req;
        // before a reader thread owns the result set
        rs.setFetchSize(req.fetchSize());
        if (req.readAhead() && PrefetchingRowStream.supports(run.plan.readColumns)) {
            int batch = Math.max(64, Math.min(4096, req.fetchSize() / 4));
            return new PrefetchingRowStream(rs, ps, run.plan.readColumns, batch, 3, run.ctx.jobId() + "-p" + p.index + "-read");
        }
        return RowStream.direct(rs);
    }

    private void checkStop() {
        if (run.ctx.isCancelled()) {
            throw new TraeCancelledException("export " + run.ctx.jobId() + " was cancelled; completed files are checkpointed: resume it by id");
        }
        Throwable f = run.failure.get();
        if (f != null) {
            throw f instanceof TraeException ? new TraeClientException("stopped: another partition failed: " + f.getMessage(), f)
                    : new TraeClientException("stopped: another partition failed: " + f, f);
        }
    }

    /** Finishes and commits a full file, records it in the partition with its last key, and checkpoints. */
    private void completeFile(ExportState.Partition p, OpenFile f, Object lastKey) throws IOException {
        KeyCodec key = run.plan.key;
        f.writer.finish();
        SinkObject.Stored stored = f.object.commit();
        synchronized (run.lock) {
            p.files.add(new ExportState.FileEntry(f.name, f.rows, stored.bytes, stored.sha256));
            if (key != null) {
                p.lastKeyNull = lastKey == null;
                p.lastKey = lastKey == null ? null : key.format(lastKey);
                if (lastKey != null && (p.maxKey == null || key.compare(lastKey, key.parse(p.maxKey)) > 0)) {
                    p.maxKey = p.lastKey;
                }
            }
            run.saveCheckpoint();
        }
        run.bytesDone.addAndGet(stored.bytes);
        run.filesDone.incrementAndGet();
        run.ctx.tracker().message(run.progressMessage());
    }
}
